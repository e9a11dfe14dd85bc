"""The package's structure as figures: which colornb module imports which (at module level), lines per module, names in
each `__all__`, and the notebook export cells over 40 lines. `python tools/structure.py [REPO]` (default: this checkout)."""
import ast, json, re, sys
from pathlib import Path

def modules(root:Path) -> list: return sorted(p for p in (root/'colornb').glob('*.py') if p.name != '_modidx.py')

def imports(p:Path) -> set:
    "The colornb modules `p` imports at module level."
    tree, names = ast.parse(p.read_text()), set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module: names.add(node.module.split('.')[0])
            elif (node.module or '').startswith('colornb.'): names.add(node.module.split('.')[1])
    return names

def public(p:Path) -> list:
    m = re.search(r"__all__ = \[(.*?)\]", p.read_text(), re.S)
    return re.findall(r"'([^']+)'", m.group(1)) if m else []

def long_cells(root:Path, most:int=40) -> list:
    out = []
    for nb in sorted((root/'nbs').rglob('*.ipynb')):
        for c in json.loads(nb.read_text())['cells']:
            src = ''.join(c['source'])
            if c['cell_type'] == 'code' and re.match(r'\s*#\|\s*export', src) and len(src.splitlines()) > most:
                out.append(f"{nb.relative_to(root/'nbs')}: {len(src.splitlines())} lines: {src.splitlines()[1][:60]}")
    return out

if __name__ == '__main__':
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    mods = modules(root)
    print('module      imports (colornb, module level)')
    for p in mods: print(f"{p.stem:11s} {', '.join(sorted(imports(p))) or '-'}")
    print('\nmodule      lines  public names')
    for p in mods: print(f"{p.stem:11s} {len(p.read_text().splitlines()):5d}  {len(public(p)):5d}")
    print(f"{'total':11s} {sum(len(p.read_text().splitlines()) for p in mods):5d}  {sum(len(public(p)) for p in mods):5d}")
    print('\nexport cells over 40 lines:', *(long_cells(root) or ['none']), sep='\n  ')
