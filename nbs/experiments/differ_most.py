"""The held-out photos where two models differ most, as a grid, for the study in pretrained_frontier.ipynb:

    python nbs/experiments/differ_most.py runs/l128x8/model.pth runs/ft_full_x8/model.pth --evals runs/l128x8/eval_s1.0 runs/ft_full_x8/eval_r128 \
        --photos heldout --labels "8 epochs of 128 px crops" "+ the full-size pass" --out nbs/experiments/images/full_size_pass.jpg

Each row is one photo: gray, truth, the first model's colors, the second's (each at its own render size), made as
`colornb-eval` makes and scores them (the photo's own lightness, colorized at full resolution). The rows are the
`--gains` photos where the second model's PSNR (from the two `colornb-eval` folders' per_image.csv) gains most on the
first, then the `--losses` where it loses most: picked for the difference, so not typical.
"""
import argparse
from pathlib import Path
import numpy as np
from colornb.color import rgb_to_gray
from colornb.data import load_rgb
from colornb.export import Colorizer
from colornb.infer import to_tensor
from colornb.io import write_figure
from colornb.metrics import plot_grid
from same_colorfulness import load_eval


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
    picked = list(order[::-1][:args.gains]) + list(order[:args.losses])
    truths = [to_tensor(load_rgb(Path(args.photos)/files[i])) for i in picked]
    grays = [rgb_to_gray(t).expand_as(t) for t in truths]
    gray8 = [(g[0, 0] * 255).round().byte().numpy() for g in grays]  # as colornb-eval colorizes them
    colored = [[to_tensor(c) for c in Colorizer(m).colorize_arrays(gray8)] for m in args.models]
    rows = [[g, t, *(c[k] for c in colored)] for k, (g, t) in enumerate(zip(grays, truths))]
    titles = [f'{files[i]}: {gain[i]:+.2f} dB' for i in picked]
    write_figure(out, plot_grid(rows, titles, n=len(rows), heads=('gray', 'truth', *args.labels)))


if __name__ == '__main__': main()
