"""Write README.md from nbs/index.ipynb (nbdev-readme needs Quarto, which cannot be installed everywhere).

Markdown cells are copied (links to notebooks and nbs/images made relative to the root), code cells become ```python blocks with their text output; cells marked `#| hide` are left
out. `--check` only says whether README.md is up to date (exit 1 if not)."""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render(nb_path:Path) -> str:
    parts = [f'<!-- generated from {nb_path.relative_to(root)} by tools/make_readme.py: edit the notebook, not this file -->']
    for cell in json.loads(nb_path.read_text())['cells']:
        src = ''.join(cell['source']).strip()
        if not src or src.startswith('#| hide'): continue
        if cell['cell_type'] == 'markdown': parts.append(re.sub(r'\]\((images/|experiments/|[\w.-]+\.ipynb\))', r'](nbs/\1', src))  # links relative to nbs/
        elif cell['cell_type'] == 'code':
            code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
            parts.append(f'```python\n{code}\n```')
            text = ''.join(''.join(o.get('text', '')) for o in cell.get('outputs', []) if o.get('output_type') == 'stream')
            if text.strip(): parts.append(f'```\n{text.rstrip()}\n```')
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    readme, text = root/'README.md', render(root/'nbs'/'index.ipynb')
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text: sys.exit('README.md is out of date: run python tools/make_readme.py')
    else: readme.write_text(text)
