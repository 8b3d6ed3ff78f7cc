"""The Chinese catalogue is complete: every message marked in the source (scripts/update-po.sh's
xgettext run) has a translation in po/zh_CN.po, none is fuzzy, and each translation keeps the
placeholders of its English source, so a translated message formats the same values."""
import os
import re
import subprocess
import tempfile
import unittest

from harness import SOURCE_DIR

PO = os.path.join(SOURCE_DIR, "po", "zh_CN.po")


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, check=True, **kw)


def entries(po_text):
    """(msgctxt, msgid, msgstr, flags) of each active entry of a .po text."""
    out = []
    for block in re.split(r"\n\s*\n", po_text):
        lines = [l for l in block.strip().splitlines() if l and not l.startswith("#~")]
        flags = " ".join(l for l in lines if l.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                current = m.group(1)
                fields[current] = m.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            out.append((fields.get("msgctxt"), fields["msgid"], msgstr, flags))
    return out


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def placeholders(text):
    """The fmt placeholders of a message ({} {0} {:02} …), without the braces."""
    text = text.replace("{{", "").replace("}}", "")
    found = re.findall(r"\{([^{}]*)\}", text)
    return found


class Catalogue(unittest.TestCase):
    def test_every_marked_message_is_translated(self):
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, "csdesk.pot")
            run("bash", os.path.join(SOURCE_DIR, "scripts", "update-po.sh"), pot, cwd=SOURCE_DIR)
            merged = os.path.join(tmp, "zh_CN.po")
            run("msgmerge", "--quiet", "--no-wrap", "-o", merged, PO, pot)
            stats = run("msgfmt", "--statistics", "-o", os.devnull, merged).stderr.strip()
            self.assertRegex(stats, r"^\d+ translated messages?\.$",
                             f"po/zh_CN.po is not complete ({stats}); run scripts/update-po.sh and translate "
                             "the untranslated and fuzzy entries")
            missing = [(c, i) for c, i, s, f in entries(read(merged)) if not s or "fuzzy" in f]
            self.assertEqual(missing, [])

    def test_translations_keep_their_placeholders(self):
        # A translation may reorder ({1} before {0}) but not drop, add or change a placeholder.
        def kinds(text):
            return sorted(re.sub(r"^\d+", "", p) for p in placeholders(text))
        wrong = [(ctx, msgid, msgstr) for ctx, msgid, msgstr, _ in entries(read(PO))
                 if msgstr and kinds(msgid) != kinds(msgstr)]
        self.assertEqual(wrong, [], "translations whose placeholders differ from their English source")

    def test_catalogue_compiles_cleanly(self):
        r = subprocess.run(["msgfmt", "--check", "--check-header", "-o", os.devnull, PO], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.strip(), "", r.stderr)


if __name__ == "__main__":
    unittest.main()
