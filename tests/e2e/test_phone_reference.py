"""Phone numbers against Google's libphonenumber: csdesk's verdict and stored number for thousands
of generated mainland-China inputs, compared with tests/phone_reference (libphonenumber 8.12's
Parse + IsValidNumberForRegion for region CN, built by tests/CMakeLists.txt).

The inputs (seeded) cover every form: mobiles by block, landlines by area code and length, wrong
lengths, unknown area codes, +86 / 0086 / 86- forms, a trunk 0 before a mobile, extensions in
several spellings, full-width digits, spaces, dashes and brackets, 400/800 service numbers.
csdesk imports them all (one row each) and the test reads back what each row stored.

Agreed differences (each is counted and printed; anything else fails):
- premium_rate: libphonenumber's 160/168 information lines are valid numbers, but never a
  customer's own number: csdesk rejects them.
- 转 / 分机 / 分机号 are extension labels for csdesk; libphonenumber knows only Latin ones (ext, x,
  #), so the reference reads those inputs with the label spelt " ext ". Around an extension label
  the reference also reads the ideographic space U+3000 as a space (libphonenumber's extension
  pattern allows only ASCII white space there; csdesk folds U+3000 to a space everywhere), and
  its extension digits are compared after NFKC (it keeps full-width ones as typed).
- Text around the number ("电话13912345678", "13912345678a"): libphonenumber drops it, csdesk
  rejects the value (a letter typed into a number means the number may be wrong).
Run against another binary (e.g. main's) with CSDESK_BIN=…; it prints the disagreement counts.
"""
import collections
import csv
import os
import random
import subprocess
import sys
import unicodedata
import unittest

from harness import BIN, Desk, main

REFERENCE = os.environ.get("CSDESK_PHONE_REFERENCE") or os.path.join(
    os.path.dirname(BIN), "tests", "phone_reference")

FULL_WIDTH = str.maketrans("0123456789+-() ", "０１２３４５６７８９＋－（）\u3000")
CHINESE_EXTENSION_LABELS = ("分机号", "分机", "转")


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def spaced(rng, number):
    """The same digits as people write them: grouped with spaces or dashes, sometimes full-width."""
    style = rng.randrange(6)
    if style == 1 and len(number) == 11:
        number = f"{number[:3]} {number[3:7]} {number[7:]}"
    elif style == 2 and len(number) == 11:
        number = f"{number[:3]}-{number[3:7]}-{number[7:]}"
    elif style == 3:
        number = number.translate(FULL_WIDTH)
    return number


def landline(area, local, style):
    code = "0" + area
    return [f"{code}-{local}", f"{code}{local}", f"({code}) {local}", f"{code} {local[:4]} {local[4:]}",
            f"({code}){local[:-4]}-{local[-4:]}", f"{code}-{local}".translate(FULL_WIDTH)][style]


def generate_inputs(seed=20261102):
    rng = random.Random(seed)
    out = []  # (category, text)
    # Mobiles by block: every four-digit prefix 1300–1999, and again with 13 and 10 digits.
    for block in range(1300, 2000):
        out.append(("mobile", spaced(rng, f"{block}{digits(rng, 7)}")))
    for block in range(130, 200, 3):
        out.append(("mobile wrong length", f"{block}{digits(rng, rng.choice([7, 9]))}"))
    # Landlines by area code (every 2- and 3-digit code) and length.
    areas = ["10"] + [f"2{d}" for d in range(10)] + [str(a) for a in range(300, 1000)]
    for area in areas:
        for _ in range(3):
            local = rng.choice("2345678234567819") + digits(rng, rng.choice([5, 6, 6, 7, 7, 8]))
            out.append(("landline", landline(area, local, rng.randrange(6))))
    for area in [str(a) for a in range(11, 20)] + ["26", "30", "40", "60", "80"]:
        out.append(("unknown area code", f"0{area}-{rng.choice('2345678')}{digits(rng, 7)}"))
    for local in ["6543210", "65432109", "654321098"]:
        for area in ["10", "21", "20", "755", "571", "371", "335", "433", "851"]:
            out.append(("landline length", f"0{area}-{local}"))
    # Numbers without a trunk 0 or an area code.
    for _ in range(40):
        out.append(("no area code", rng.choice("2345678") + digits(rng, rng.choice([6, 7]))))
    # +86, 0086, 86 without +, trunk 0 before a mobile.
    nationals = [f"1{rng.choice('3456789')}{digits(rng, 9)}" for _ in range(120)] + \
                [rng.choice(["10", "21", "20", "755", "571", "28"]) + rng.choice("2345678") + digits(rng, 7) for _ in range(60)]
    for n in nationals:
        form = rng.choice(["+86 {}", "+86-{}", "+86{}", "0086 {}", "0086{}", "86-{}", "86 {}", "86{}", "+86 (0){}",
                           "+86 0{}", "0{}", "(+86) {}"])
        out.append(("+86 forms", form.format(n)))
    for _ in range(60):
        m = f"1{rng.choice('3578')}{digits(rng, 9)}"
        out.append(("+86 wrong length", f"+86 {m[:3]} {m[3:7]} {m[7:10]}"))
        out.append(("trunk 0 before mobile", rng.choice(["0{}", "0 {}", "(0){}", "+86 (0) {}"]).format(m)))
    # Extensions, in several spellings.
    labels = [" ext {}", " ext. {}", " EXT{}", "ext{}", " x{}", " x {}", "X{}", "#{}", " # {}", " 转{}", "转{}", " 转 {}",
              "-转{}", "(转{})", "（转{}）", " 分机{}", "分机 {}", " 分机号{}", "分机号：{}", ";ext={}", ", ext {}"]
    for _ in range(700):
        area = rng.choice(["10", "21", "20", "755", "571", "28", "335", "371"])
        base = landline(area, rng.choice("2345678") + digits(rng, rng.choice([6, 7, 7])), rng.randrange(5))
        label = rng.choice(labels).format(digits(rng, rng.randint(1, 6)))
        text = base + label
        if rng.random() < 0.15:
            text = text.translate(FULL_WIDTH)
        out.append(("extension", text))
    for _ in range(20):
        out.append(("extension on a mobile", f"1{rng.choice('3589')}{digits(rng, 9)} ext {digits(rng, 3)}"))
    # Service numbers: 400 / 800 (right and wrong lengths), 950, premium 160/168.
    for _ in range(120):
        prefix = rng.choice(["400", "800"])
        n = prefix + digits(rng, rng.choice([7, 7, 7, 6, 8]))
        out.append(("400/800", rng.choice([n, f"{n[:3]}-{n[3:6]}-{n[6:]}", f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:4]}-{n[4:]}"])))
    for _ in range(20):
        out.append(("950", "950" + digits(rng, rng.choice([7, 8]))))
        out.append(("premium", rng.choice(["160", "168"]) + digits(rng, 5)))
    # Other countries and things that are not numbers.
    out += [("foreign", t) for t in ["+1 415 555 0100", "+852 2123 4567", "+44 20 7946 0958", "001 415 555 0100",
                                      "+886 2 2345 6789", "+81 3-1234-5678"]]
    out += [("not a number", t) for t in ["13912345678a", "电话13912345678", "139 1234 5678 或 010-12345678", "12", "+",
                                           "０", "1391234567８9"]]
    return out


def has_extension(text):
    folded = unicodedata.normalize("NFKC", text).lower()
    return any(label in folded for label in ("ext", "x", "#") + CHINESE_EXTENSION_LABELS)


def has_text_around(text):
    folded = unicodedata.normalize("NFKC", text)
    return not has_extension(text) and any(c.isalpha() for c in folded)


def reference_text(text):
    if has_extension(text):
        text = text.replace("\u3000", " ")
    for label in CHINESE_EXTENSION_LABELS:
        if label in text:
            return text.replace("：", "").replace(label, " ext ")
    return text


def reference_verdicts(inputs):
    """[(valid, type, e164, extension)] from libphonenumber."""
    data = "".join(reference_text(t) + "\n" for _, t in inputs).encode("utf-8")
    r = subprocess.run([REFERENCE], input=data, capture_output=True, check=True)
    out = []
    for line in r.stdout.decode("utf-8").splitlines():
        f = line.split("\t")
        out.append((True, f[1], f[2], unicodedata.normalize("NFKC", f[3])) if f[0] == "valid" else (False, "", "", ""))
    assert len(out) == len(inputs), (len(out), len(inputs))
    return out


def csdesk_verdicts(desk, inputs):
    """[stored phone or None] from importing one row per input; the note column holds the row's index."""
    path = desk.path("phones.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "电话", "备注"])
        for i, (_, text) in enumerate(inputs):
            w.writerow([f"客户{i}", text, f"#{i}"])
    r = desk.run("register", "--from", path)
    if r.returncode != 0:
        raise AssertionError(r.stderr.decode("utf-8", "replace"))
    stored = [None] * len(inputs)
    # A row whose number another row already has is logged as that customer's contact.
    for note, phone in desk.sql("SELECT l.note, c.phone FROM contact_log l JOIN customers c ON c.id = l.customer_id"):
        if note and note.startswith("#"):
            stored[int(note[1:])] = phone
    return stored


def e164_of(stored):
    """+86… and the extension of a stored form (13912345678, 010-12345678, 400-123-4567, … 转123)."""
    number, _, extension = stored.partition(" 转")
    d = "".join(c for c in number if c.isdigit())
    return "+86" + (d[1:] if d.startswith("0") else d), extension


def compare(inputs, ours, theirs):
    """Counts of (kind, category) disagreements and agreed exceptions, with examples."""
    problems = collections.Counter()
    agreed = collections.Counter()
    examples = collections.defaultdict(list)
    for (category, text), stored, (valid, kind, e164, extension) in zip(inputs, ours, theirs):
        if valid and kind == "premium_rate" and stored is None:
            agreed["premium-rate line rejected"] += 1
            continue
        if valid and stored is None and has_text_around(text):
            agreed["text around the number rejected"] += 1
            continue
        if any(label in text for label in CHINESE_EXTENSION_LABELS):
            agreed["Chinese extension label read as ext"] += 1
        if valid and stored is None:
            key = ("csdesk rejects, libphonenumber accepts", category)
        elif not valid and stored is not None:
            key = ("csdesk accepts, libphonenumber rejects", category)
        elif valid and e164_of(stored) != (e164, extension):
            key = ("different number stored", category)
        else:
            continue
        problems[key] += 1
        if len(examples[key]) < 3:
            examples[key].append(f"{text!r}: csdesk {stored!r}, libphonenumber {e164 or 'invalid'} {extension}".rstrip())
    return problems, agreed, examples


class PhonesAgainstLibphonenumber(unittest.TestCase):
    def test_every_generated_input_reads_as_libphonenumber_reads_it(self):
        inputs = generate_inputs()
        self.assertGreaterEqual(len(inputs), 4000)
        theirs = reference_verdicts(inputs)
        ours = csdesk_verdicts(Desk(self), inputs)
        problems, agreed, examples = compare(inputs, ours, theirs)
        accepted = sum(1 for s in ours if s is not None)
        print(f"\n{len(inputs)} inputs; csdesk accepts {accepted}, libphonenumber {sum(v for v, *_ in theirs)}",
              file=sys.stderr)
        for key, n in sorted(agreed.items()):
            print(f"  agreed: {key}: {n}", file=sys.stderr)
        for key, n in sorted(problems.items()):
            print(f"  {key[0]} ({key[1]}): {n}", file=sys.stderr)
            for e in examples[key]:
                print(f"      {e}", file=sys.stderr)
        self.assertEqual(sum(problems.values()), 0, "disagreements with libphonenumber (listed above)")
        # The generator covers what it claims: each kind of input occurs, and both verdicts occur.
        categories = collections.Counter(c for c, _ in inputs)
        self.assertGreaterEqual(len(categories), 15)
        self.assertGreater(accepted, 1000)
        self.assertGreater(len(inputs) - accepted, 1000)


if __name__ == "__main__":
    main()
