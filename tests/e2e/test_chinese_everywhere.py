"""A Chinese department sees Chinese everywhere: every command's table output and --help, run
with LANG=zh_CN.UTF-8 on the Chinese demo database (examples/demo.sh), holds no English word.

What may stay in Latin letters: codes a person types or reads back as they are (record numbers
such as TS202610-0001, P1, grades A/B/C, QQ, SLA, CSI, CSV, JSON, xlsx, HTML), e-mail addresses,
file names, command lines quoted in hints (`csdesk …`, --flags), config key names and their
values as written in a config file (config show), the OS account names of staff. Anything else
of two or more Latin letters is an untranslated word and fails the test, naming the command and
the line. The English run of the same commands still prints English (--lang en)."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, SOURCE_DIR, main

# Latin words allowed in Chinese output: abbreviations Chinese staff use as they are, and the
# program's own name.
ALLOWED = {"setgid", "ext", "utf", "gbk", "cp", "big", "hkscs", "le", "be", "id", "QQ", "SLA", "CSI", "CSV", "JSON", "HTML", "xlsx", "csv", "json", "html", "csdesk", "Excel", "WPS", "ISO",
           "UTC", "UTF", "BOM", "ID", "VALUE", "FILE", "TS", "KH", "HF", "SMS", "WeChat", "PCs", "OA"}

# Spans that are not prose: removed before words are looked for.
NOT_PROSE = [
    r"\b[A-Z][A-Z0-9_]*=\S*",                      # an environment assignment: CSDESK_LANG=zh
    r"README[^“]*“[^”]*”",                        # a README section named by its (English) heading
    r"\b(SQLite|PostgreSQL|LibreOffice|WPS|Excel|README)\b",  # names of things
    r"(~|\.{1,2})?/[\w./-]+",                      # paths
    r"\b[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+\b",   # dotted names: config keys, file names
    r"\b\w+_\w+\b",                                # snake_case identifiers (integrity_check)
    r"^\s*(\$ )?csdesk\b[^#]*",                   # an example command line (its # comment is prose)
    r"^\s{2}[a-z][a-z-]*(?=\s{2,})",               # a subcommand's name in a --help list
    r"`[^`]*`",                                   # a command or value quoted in a hint
    r"(?<![\w.])--?[A-Za-z][\w-]*(=\S*)?",        # flags
    r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b",            # e-mail addresses
    r"\b[A-Za-z]*\d[\w-]*\b",                     # anything with a digit: record numbers, P1, 2026-W44, 0600
    r"\bcsdesk( [a-z][a-z-]*)*",                  # the program and its subcommand words in usage lines
    r"\b[A-Z]{1,2}\b",                            # single letters and two-letter codes: grades, A/B/C
    r"[A-Z][A-Z_]{2,}",                           # placeholders in usage: NUMBER, FILE, CSDESK_DB
]


def words(text, allowed=()):
    """The untranslated words of `text`: Latin words outside the NOT_PROSE spans and ALLOWED."""
    for pattern in NOT_PROSE:
        text = re.sub(pattern, " ", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", text) if w not in ALLOWED and w not in allowed]


class ChineseEverywhere(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="csdesk-zh-")
        demo = os.path.join(cls.tmp, "demo")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": cls.tmp, "LANG": "C.UTF-8", "NO_COLOR": "1",
               "CSDESK": os.path.abspath(BIN)}
        r = subprocess.run(["bash", os.path.join(SOURCE_DIR, "examples", "demo.sh"), demo], env=env,
                           capture_output=True, timeout=900)
        assert r.returncode == 0, r.stderr.decode()[-2000:]
        cls.env = dict(env, CSDESK_DB=os.path.join(demo, "csdesk.db"), CSDESK_CONFIG=os.path.join(demo, "csdesk.toml"),
                       CSDESK_NOW="2026-11-03 09:00", TZ="Asia/Shanghai", LANG="zh_CN.UTF-8")
        # Codes a person types (every vocabulary's), values as a config file writes them, and staff
        # accounts, may stay as they are.
        with open(os.path.join(SOURCE_DIR, "src", "rules", "vocabulary.cpp"), encoding="utf-8") as f:
            cls.allowed = set(re.findall(r'tr_ctx_noop\("[^"]+", "([^"]+)"\)', f.read()))
        cls.allowed |= {part for code in cls.allowed for part in code.split("-")}
        config = cls.json("config", "show")
        for row in config if isinstance(config, list) else config.get("keys", []):
            cls.allowed.update(re.findall(r"[A-Za-z][\w-]*", row["key"]))  # timezone, lang, privacy.*
            cls.allowed.update(re.findall(r"[A-Za-z][\w-]*", json.dumps(row.get("value"), ensure_ascii=False)))
        for row in cls.json("staff", "list", "--all"):
            cls.allowed.update(re.findall(r"[A-Za-z]\w*", row.get("login") or ""))
        cls.complaint = cls.json("complain", "list")[0]["number"]
        cls.customer = cls.json("customer", "list")[0]["number"]
        revisits = cls.json("revisit", "list")
        cls.revisit = revisits[0]["number"] if revisits else None

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    @classmethod
    def run_csdesk(cls, *args, env=None):
        return subprocess.run([BIN, *args], env=env or cls.env, capture_output=True, timeout=120)

    @classmethod
    def json(cls, *args):
        r = cls.run_csdesk(*args, "--json")
        assert r.returncode == 0, (args, r.stderr.decode())
        return json.loads(r.stdout)

    def assert_chinese(self, *args, ok=True):
        r = self.run_csdesk(*args)
        if ok:
            self.assertEqual(r.returncode, 0, (args, r.stderr.decode()))
        found = []
        for stream in (r.stdout.decode(), r.stderr.decode()):
            for line in stream.splitlines():
                if w := words(line, self.allowed):
                    found.append(f"{' '.join(args)}: {w} in {line.strip()[:160]!r}")
        return found

    def commands(self):
        """Every read of the demo database a person makes, in table form."""
        c, k, v = self.complaint, self.customer, self.revisit
        runs = [
            ("staff", "list", "--all"), ("staff", "show", "1001"),
            ("customer", "list"), ("customer", "show", k),
            ("assign", "list"), ("assign", "pool"), ("assign", "overdue"),
            ("complain", "list"), ("complain", "show", c), ("complain", "sla", c),
            ("revisit", "due"), ("revisit", "list"), ("revisit", "stats", "--month", "2026-10"),
            ("handover", "list"), ("history", k), ("history", c),
            ("report", "monthly", "--month", "2026-10"), ("report", "weekly", "--week", "2026-W44"),
            ("report", "intake", "--month", "2026-10"), ("report", "assign", "--month", "2026-10"),
            ("report", "complaints", "--month", "2026-10"), ("report", "revisits", "--month", "2026-10"),
            ("report", "customers", "--month", "2026-10"),
            ("score", "--month", "2026-10"), ("score", "adjustments", "--month", "2026-10"),
            ("score", "explain", "1001", "--month", "2026-10"),
            ("check",), ("config", "show"),
            ("form", "customer-details"), ("form", "revisit-tracking", "--month", "2026-10"),
            ("form", "revisit-opinions", "--month", "2026-10"), ("form", "revisit-complaints", "--month", "2026-10"),
            ("form", "revisit-factors", "--month", "2026-10"), ("form", "csi", "--month", "2026-10"),
            ("form", "feedback", "--month", "2026-10"), ("form", "assessment", "--month", "2026-10"),
        ]
        if v:
            runs.append(("revisit", "list", "--customer", k))
        return runs

    def test_every_command_speaks_chinese(self):
        found = []
        for args in self.commands():
            found += self.assert_chinese(*args)
        self.assertEqual(found, [], "untranslated English in Chinese output:\n" + "\n".join(found))

    def subcommands(self, *command):
        """The subcommands `csdesk COMMAND --help` lists (English run, to read the names)."""
        text = self.run_csdesk(*command, "--help", env=dict(self.env, LANG="C.UTF-8")).stdout.decode()
        if "Subcommands:" not in text:
            return []
        names = []
        for line in text.split("Subcommands:", 1)[1].splitlines()[1:]:
            if not line.strip():
                break
            names.append(line.split()[0])
        return names

    def test_every_help_speaks_chinese(self):
        found = self.assert_chinese("--help")
        for command in self.subcommands():
            found += self.assert_chinese(command, "--help")
            for sub in self.subcommands(command):
                found += self.assert_chinese(command, sub, "--help")
        self.assertEqual(found, [], "untranslated English in Chinese --help:\n" + "\n".join(found))

    def test_errors_speak_chinese(self):
        found = []
        for args in [("complain", "show", "TS209901-0001"), ("staff", "show", "9999"),
                     ("complain", "list", "--status", "没有这个状态"), ("report", "monthly", "--month", "2026-13")]:
            r = self.run_csdesk(*args)
            self.assertNotEqual(r.returncode, 0, args)
            found += [f"{' '.join(args)}: {w}" for w in words(r.stderr.decode(), self.allowed)]
        self.assertEqual(found, [], "\n".join(found))

    def test_english_stays_available(self):
        r = self.run_csdesk("complain", "list", "--lang", "en")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("Status", r.stdout.decode())
        self.assertTrue(words(r.stdout.decode()))

    def test_the_department_can_make_chinese_its_default(self):
        from harness import Desk
        d = Desk(self)
        self.assertIn("Name  Roles", d.ok("staff", "list"))
        d.ok("config", "set", "default_lang", "zh")
        self.assertIn("工号", d.ok("staff", "list"))              # every desk whose lang is ""
        self.assertIn("Name  Roles", d.ok("staff", "list", "--lang", "en"))  # a desk's own choice wins
        self.assertIn("Name  Roles", d.ok("staff", "list", env={"CSDESK_LANG": "en"}))

    def test_json_is_the_same_in_both_languages(self):
        for args in [("report", "monthly", "--month", "2026-10"), ("complain", "list"), ("score", "--month", "2026-10")]:
            zh = self.run_csdesk(*args, "--json").stdout
            en = self.run_csdesk(*args, "--json", env=dict(self.env, LANG="C.UTF-8")).stdout
            self.assertEqual(zh, en, args)


if __name__ == "__main__":
    main()
