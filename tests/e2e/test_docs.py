"""Meta-test: every command and subcommand has --help with an example and appears in the README."""
import os
import re
import unittest

from harness import Desk, main, SOURCE_DIR


def subcommands(help_text):
    m = re.search(r"^Subcommands:\n((?:  \S.*\n)+)", help_text, re.M)
    if not m:
        return []
    return [line.split()[0] for line in m.group(1).splitlines()]


class Docs(unittest.TestCase):
    def test_every_command_has_help_with_example_and_readme_entry(self):
        d = Desk(self, init=False)
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        todo = [[name] for name in subcommands(d.ok("--help", db=False, now=""))]
        self.assertIn(["init"], todo)
        seen = 0
        while todo:
            path = todo.pop()
            text = d.ok(*path, "--help", db=False, now="")
            self.assertIn("Example", text, f"`csdesk {' '.join(path)} --help` has no example")
            children = subcommands(text)
            todo.extend(path + [c] for c in children)
            self.assertRegex(readme, r"csdesk(?: --?\S+(?: \S+)?)* " + re.escape(" ".join(path)) + r"\b",
                             f"README has no example of `csdesk {' '.join(path)}`")
            seen += 1
        self.assertGreater(seen, 5)

    def test_readme_lists_every_config_key(self):
        d = Desk(self, init=False)
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        for row in d.json("config", "show", db=False, now=""):
            self.assertIn(f"| `{row['key']}` |", readme, f"README's config table lacks {row['key']}")

    def test_readme_permission_table_has_every_permission_with_its_default_roles(self):
        d = Desk(self, init=False)
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            section = f.read().split("\n## Permissions\n", 1)[1].split("\n## ", 1)[0]
        documented = dict(re.findall(r"^\| `(permissions\.\w+)` \| [^|]+ \| `([^`]*)` \|$", section, re.M))
        keys = {}
        for row in d.json("config", "show", db=False, now=""):
            if row["key"].startswith("permissions."):
                value = row["value"]
                keys[row["key"]] = ",".join(value) if isinstance(value, list) else str(value)
        self.assertGreater(len(keys), 15)
        self.assertEqual(documented, keys, "README's Permissions table and the defaults of permission_rules() differ")

    def test_readme_lists_every_vocabulary_with_its_chinese_names(self):
        with open(os.path.join(SOURCE_DIR, "po", "zh_CN.po"), encoding="utf-8") as f:
            po = f.read()
        with open(os.path.join(SOURCE_DIR, "src", "rules", "vocabulary.cpp"), encoding="utf-8") as f:
            vocabularies = set(re.findall(r'tr_ctx_noop\("([^"]+)"', f.read()))
        rows = {}
        for ctx, code, name in re.findall(r'msgctxt "([^"]+)"\nmsgid "([^"]+)"\nmsgstr "([^"]+)"', po):
            if ctx in vocabularies | {"yes-no"}:
                rows.setdefault(ctx, []).append(f"`{code}` {name}")
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        table = dict(re.findall(r"^\| ([a-z-]+) \| (.*) \|$", readme, re.M))
        for ctx, terms in rows.items():
            self.assertIn(ctx, table, f"README's Languages table lacks the vocabulary {ctx}")
            self.assertEqual(sorted(re.split(r", (?=`)", table[ctx])), sorted(terms),
                             f"README's Languages table differs from the catalogue for the vocabulary {ctx}")

    def test_readme_documents_exit_codes(self):
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        for code in range(7):
            self.assertRegex(readme, rf"\| {code} \|")


if __name__ == "__main__":
    main()
