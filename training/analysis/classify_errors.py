"""Classifies the first error of each wrong sample of sample_served.py's output (the verbose traces of the
first curriculum): format, miscopied operand, wrong single-digit fact, multi-digit step done in one line,
column digit miscopied, lost carry, answer not the one worked out, other. Heuristic: the first rule that
fires names the error.

    python3 training/analysis/classify_errors.py samples.jsonl
"""
import json, re, sys, collections
rows = [json.loads(l) for l in open(sys.argv[1])]
EQ = re.compile(r"(\d+(?:\s*[-+*/]\s*\d+)+)\s*=\s*(\d+)")
def first_error(problem, gold, text):
    if "\\boxed{" not in text:
        return "format: no box"
    lines = text.split("\n")
    # garbled: a line of letters that is not a known phrase shape (many non-words)
    for ln in lines:
        if re.search(r"[a-z]{2,}", ln) and re.search(r"\b(?:ffi|rifde|moe|mot)\w*", ln):
            return "format: garbled text"
    pnums = re.findall(r"\d+", problem)
    # operand copy: numbers in the first working line must come from the problem
    for ln in lines[1:3]:
        nums = re.findall(r"\d+", ln)
        if nums and any(n not in pnums for n in nums if len(n) > 1) and not EQ.search(ln):
            return "miscopied operand"
    carry = 0
    cols = None
    for ln in lines:
        c = re.match(r"(?:Add|Subtract) (\d+) [-+] (\d+) in columns:", ln)
        if c:
            cols = (int(c.group(1)), int(c.group(2)))
        pm = re.match(r"(Ones|Tens|Hundreds|Thousands|Ten thousands): (\d+)(?: - 1 = \d+ after the borrow, then (\d+))?\D+(\d+)", ln)
        if cols and pm and "needs a borrow" not in ln:
            i = ["Ones","Tens","Hundreds","Thousands","Ten thousands"].index(pm.group(1))
            da, db = cols[0] // 10**i % 10, cols[1] // 10**i % 10
            if int(pm.group(2)) != da or int(pm.group(4)) != db:
                return "column digit miscopied"
        m = re.match(r"(Ones|Tens|Hundreds|Thousands|Ten thousands): (.*)", ln)
        if m and "+" in m.group(2) and "borrow" not in m.group(2):
            terms = re.match(r"([\d\s+]+)=", m.group(2))
            if terms:
                parts = [int(t) for t in terms.group(1).split("+") if t.strip()]
                want_terms = 3 if carry else 2
                if carry and len(parts) < 3:
                    return "lost carry"
            carry = 1 if "carry" in m.group(2) else 0
        for mm in EQ.finditer(ln):
            expr, val = mm.group(1), int(mm.group(2))
            try:
                got = eval(expr.replace("/", "//"))
            except Exception:
                continue
            if "/" in expr:
                a, d = [int(x) for x in expr.split("/")[:2]]
                if d and a // d == val:
                    continue
            if got != val:
                nums = [int(x) for x in re.findall(r"\d+", expr)]
                if max(nums) < 10 or (len(nums) == 3 and nums[2] <= 9 and max(nums[:2]) < 10):
                    return "wrong single-digit fact"
                if ln.startswith("So ") and cols is not None:
                    return "column results assembled into the wrong number"
                return "wrong multi-digit step done in one line"
        m2 = re.search(r"So (\d+) ([-+*]) (\d+) = (\d+)", ln)
    # column results assembled wrongly: final "So a op b = N" wrong although each line was right
    for ln in lines:
        m = re.search(r"So (\d+) ([-+*]) (\d+) = (\d+)\.", ln)
        if m and eval(m.group(1) + m.group(2) + m.group(3)) != int(m.group(4)):
            return "assembly (digits right, number wrong)"
    boxed = re.findall(r"\\boxed\{([^}]*)\}", text)
    sos = re.findall(r"(?:=|is) (\d+)\.", text)
    if sos and boxed and boxed[-1] != sos[-1]:
        return "answer not the one worked out"
    return "method / other"
fam = collections.defaultdict(lambda: [0, 0]); why = collections.Counter(); why_cell = collections.defaultdict(collections.Counter)
for r in rows:
    for s in r["result"]["samples"]:
        ok = s["answer"] == r["answer"]
        fam[(r["family"], r["level"])][0] += ok; fam[(r["family"], r["level"])][1] += 1
        if not ok:
            w = first_error(r["problem"], r["answer"], s["text"] or "")
            why[w] += 1; why_cell[r["family"]][w] += 1
tot = sum(v[1] for v in fam.values()); right = sum(v[0] for v in fam.values())
print(f"samples {tot}, right {right} ({100*right/tot:.1f}%)")
for k in sorted(fam): print(k, f"{100*fam[k][0]/fam[k][1]:.0f}%")
wrong = sum(why.values())
for w, c in why.most_common(): print(f"{w}: {c} ({100*c/wrong:.0f}% of wrong)")
for f in sorted(why_cell): print(f, dict(why_cell[f]))
