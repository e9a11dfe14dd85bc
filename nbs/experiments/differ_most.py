"""The held-out photos where two models differ most, as a grid, for the study in pretrained_frontier.ipynb:

    python nbs/experiments/differ_most.py runs/l128x8/model.pth runs/ft_full_x8/model.pth --evals runs/l128x8/eval_s1.0 runs/ft_full_x8/eval_r128 \
        --photos heldout --labels "8 epochs of 128 px crops" "+ the full-size pass" --out nbs/experiments/images/full_size_pass.jpg

Each row is one photo: gray, truth, the first model's colors, the second's (each at its own render size). The rows are
the `--gains` photos where the second model's PSNR (from the two `colornb-eval` folders' per_image.csv) gains most on
the first, then the `--losses` where it loses most: picked for the difference, so not typical.
"""
import argparse
from pathlib import Path
import numpy as np
from PIL import Image, ImageDraw
from colornb.export import Colorizer
from same_colorfulness import load_eval


def boxed(im:Image.Image, w:int, h:int) -> Image.Image:
    "`im` shrunk to fit a white w × h box, centered."
    im = im.copy(); im.thumbnail((w, h)); box = Image.new('RGB', (w, h), 'white')
    box.paste(im, ((w - im.width) // 2, (h - im.height) // 2))
    return box


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('models', nargs=2, help='the two model.pth files')
    p.add_argument('--evals', nargs=2, required=True, help="the two models' colornb-eval folders on --photos")
    p.add_argument('--photos', required=True, help='the folder the evaluations scored')
    p.add_argument('--labels', nargs=2, default=('first model', 'second model'))
    p.add_argument('--gains', type=int, default=5); p.add_argument('--losses', type=int, default=2)
    p.add_argument('--out', required=True, help='the grid to write (an existing file is kept)')
    args = p.parse_args()
    out = Path(args.out)
    if out.exists(): raise SystemExit(f'{out} exists: choose another --out')
    (_, first), (_, second) = (load_eval(e) for e in args.evals)
    files = sorted(first); gain = np.array([second[f][0] - first[f][0] for f in files])
    order = np.argsort(gain)
    picked = [files[i] for i in order[::-1][:args.gains]] + [files[i] for i in order[:args.losses]]
    for f in picked: print(f'{f}: {second[f][0] - first[f][0]:+.2f} dB')
    models = [Colorizer(m) for m in args.models]
    w, h, gap, top = 236, 160, 4, 18
    grid = Image.new('RGB', (4 * w + 3 * gap, top + len(picked) * (h + gap) - gap), 'white')
    draw = ImageDraw.Draw(grid)
    for j, label in enumerate(('gray', 'truth', *args.labels)): draw.text((4 + j * (w + gap), 3), label, fill='black')
    for i, f in enumerate(picked):
        truth = Image.open(Path(args.photos)/f).convert('RGB'); gray = truth.convert('L')
        for j, tile in enumerate((gray.convert('RGB'), truth, *(m.colorize(gray) for m in models))):
            grid.paste(boxed(tile, w, h), (j * (w + gap), top + i * (h + gap)))
    grid.save(out, quality=85)


if __name__ == '__main__': main()
