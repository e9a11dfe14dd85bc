"""Fail when a notebook's recorded outputs, or README.md, hold what a reader should never see: a path of the machine
that ran them, a progress-bar fragment, a warning on stderr, or torch's `torch.jit.script` FutureWarning.

    python tools/check_outputs.py [FILES...]     # default: nbs/*.ipynb and README.md

Record outputs with `nbdev-test --file-glob NAME.ipynb --save` (colornb draws no bars where output is not live),
then `nbdev-clean`."""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = {
    'machine path': re.compile(r'(?<![\w.~-])(/(home|Users|tmp|root|work|private|mnt|var/folders)/\S*'
                               r'|\S*(site|dist)-packages\S*|\S*/\.venv/\S*|[A-Z]:\\Users\\\S*)'),
    'progress bar': re.compile(r'█|\|[█-]{5,}\||\d+\.\d+% \[\d+/\d+|<progress[\s>]'),
    'torch.jit FutureWarning': re.compile(r'torch\.jit\.script` is deprecated'),
}

def output_texts(nb:dict):
    "(cell number, kind, text) for every text output of `nb`."
    for i, cell in enumerate(nb['cells']):
        for out in cell.get('outputs', []):
            if out['output_type'] == 'stream':
                yield i, out['name'], ''.join(out['text'])
            elif out['output_type'] == 'error':
                yield i, 'error', '\n'.join(out.get('traceback', []))
            for mime, data in out.get('data', {}).items():
                if mime.startswith('text/') or mime.endswith('json'):
                    yield i, mime, data if isinstance(data, str) else ''.join(data) if isinstance(data, list) else json.dumps(data)

def problems(fn:Path) -> list:
    "What `fn` (a notebook or a text file) shows that it should not, one line each."
    found = []
    def scan(where, text):
        for name, pat in PROBLEMS.items():
            m = pat.search(text)
            if m: found.append(f'{where}: {name}: {m.group(0)[:80]!r}')
    if fn.suffix == '.ipynb':
        for i, kind, text in output_texts(json.loads(fn.read_text())):
            if kind == 'stderr': found.append(f'{fn}: cell {i}: output on stderr (a warning?): {text.strip()[:80]!r}')
            if kind == 'error': found.append(f'{fn}: cell {i}: a recorded error')
            scan(f'{fn}: cell {i} ({kind})', text)
    else:
        for n, line in enumerate(fn.read_text().splitlines(), 1): scan(f'{fn}:{n}', line)
    return found

if __name__ == '__main__':
    files = [Path(f) for f in sys.argv[1:]] or [f.relative_to(Path.cwd()) if f.is_relative_to(Path.cwd()) else f
                                                for f in sorted((ROOT/'nbs').rglob('*.ipynb')) + [ROOT/'README.md']]
    found = [p for f in files for p in problems(f)]
    for p in found: print(p)
    print(f'{len(found)} problem(s) in the recorded outputs of {len(files)} file(s)' if found else
          f'recorded outputs clean: {len(files)} file(s)')
    sys.exit(1 if found else 0)
