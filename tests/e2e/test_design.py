"""Meta-test: the README's Design section names every source folder, and no folder imports upward.

The layers, lowest first: util → rules → config → store / output → services → commands. A file
may include its own folder and the layers below it; a service folder anything but commands/.
"""
import os
import re
import unittest

from harness import main, SOURCE_DIR

# What each foundation folder may include (besides itself). Every other folder of src/ is a service.
ALLOWED = {
    "util": set(),
    "rules": {"util"},
    "config": {"util", "rules"},
    "store": {"util", "rules"},
    "output": {"util", "rules", "config"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SQL = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b")


def source_files(folder):
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith((".cpp", ".hpp")):
                yield os.path.join(root, name)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Design(unittest.TestCase):
    def setUp(self):
        self.src = os.path.join(SOURCE_DIR, "src")
        self.folders = sorted(d for d in os.listdir(self.src) if os.path.isdir(os.path.join(self.src, d)))

    def test_readme_design_names_every_folder_and_only_those(self):
        readme = read(os.path.join(SOURCE_DIR, "README.md"))
        design = readme.split("\n## Design", 1)[1].split("\n## ", 1)[0]
        named = set(re.findall(r"`src/([a-z_]+)/`", design))
        for folder in self.folders:
            self.assertIn(folder, named, f"README's Design section does not say what src/{folder}/ holds")
        for folder in named:
            self.assertIn(folder, self.folders, f"README's Design section names src/{folder}/, which does not exist")
        self.assertIn("`commands/`", design)

    def test_no_folder_includes_upward(self):
        problems = []
        for folder in self.folders:
            for path in source_files(os.path.join(self.src, folder)):
                for target in INCLUDE.findall(read(path)):
                    top = target.split("/", 1)[0] if "/" in target else folder
                    if top == folder:
                        continue
                    rel = os.path.relpath(path, SOURCE_DIR)
                    if not os.path.isdir(os.path.join(self.src, top)):
                        problems.append(f"{rel} includes {target}, outside src/")
                    elif folder in ALLOWED and top not in ALLOWED[folder]:
                        problems.append(f"{rel} ({folder}) includes {target} ({top})")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_commands_hold_no_sql(self):
        problems = []
        for path in source_files(os.path.join(SOURCE_DIR, "commands")):
            for n, line in enumerate(read(path).splitlines(), 1):
                if SQL.search(line):
                    problems.append(f"{os.path.relpath(path, SOURCE_DIR)}:{n}: {line.strip()}")
        self.assertEqual(problems, [], "\n".join(problems))


if __name__ == "__main__":
    main()
