"""More unseen photos, and the classes training saw, for the study in pretrained_frontier.ipynb.

    python nbs/experiments/seen_classes.py split --out runs/other700        # runs/other700/seen, runs/other700/unseen
    colornb-eval runs/other700/unseen --out runs/ship/eval_unseen
    colornb-eval runs/other700/seen --out runs/ship/eval_seen
    python nbs/experiments/seen_classes.py effect runs/ship/eval_seen runs/ship/eval_unseen

Run from the repository root, where `split` finds ../shared/data.

`split` links the 700 photos of imagenet-sample that are not the held-out 100 (every 8th file) into two folders: the
photos of a class that `extra/` trains on (mini-ImageNet's 100 and Imagenette's 10, by WordNet id) and the others.
No colornb model trains on them unless told to, so they are seven times as many unseen photos as the held-out 100.
`effect` asks whether a model colors the classes it saw better: the mean PSNR gain over gray of each folder, and the
class's effect at the same gray PSNR (a least-squares fit of the per-photo gain on both), since a photo that gray
scores worse on leaves more to gain.
"""
import argparse, csv
from pathlib import Path
import numpy as np

SAMPLE, EXTRA = Path('../shared/data/imagenet-sample/images'), Path('../shared/data/extra')


def split(out:Path, sample:Path=SAMPLE, extra:Path=EXTRA):
    "Link imagenet-sample's photos outside the held-out 100 into OUT/seen and OUT/unseen by their class."
    seen = {p.name for d in ('mini-imagenet', 'imagenette') for p in (extra/d).iterdir()}
    for d in ('seen', 'unseen'): (out/d).mkdir(parents=True, exist_ok=True)
    for i, f in enumerate(sorted(sample.iterdir())):
        if i % 8 == 0: continue  # the held-out 100
        link = out/('seen' if f.name.split('_')[0] in seen else 'unseen')/f.name
        if not link.exists(): link.symlink_to(f.resolve())
    print({d: len(list((out/d).iterdir())) for d in ('seen', 'unseen')})


def per_photo(folder) -> tuple:
    "Gray PSNR and PSNR gain of each photo of a colornb-eval folder."
    with open(Path(folder)/'per_image.csv') as f: rows = list(csv.DictReader(f))
    return np.array([float(r['gray_psnr']) for r in rows]), np.array([float(r['psnr_gain']) for r in rows])


def effect(seen_eval, unseen_eval):
    "Print the mean gains, and the seen classes' effect on the gain at the same gray PSNR (mean ± standard error)."
    (gs, s), (gu, u) = per_photo(seen_eval), per_photo(unseen_eval)
    X = np.column_stack([np.ones(len(s) + len(u)), np.r_[np.ones(len(s)), np.zeros(len(u))], np.r_[gs, gu]])
    y = np.r_[s, u]
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    cov = resid @ resid / (len(y) - X.shape[1]) * np.linalg.inv(X.T @ X)
    print(f"seen classes: {len(s)} photos, gray {gs.mean():.2f} dB, gain {s.mean():+.2f}; unseen: {len(u)} photos, gray "
          f"{gu.mean():.2f} dB, gain {u.mean():+.2f}; at the same gray PSNR, seen {beta[1]:+.2f} ± {np.sqrt(cov[1, 1]):.2f} dB, "
          f"and each dB of gray PSNR {beta[2]:+.2f} dB of gain")


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    sub.add_parser('split').add_argument('--out', type=Path, required=True)
    e = sub.add_parser('effect'); e.add_argument('seen_eval'); e.add_argument('unseen_eval')
    a = p.parse_args()
    if a.cmd == 'split': split(a.out)
    else: effect(a.seen_eval, a.unseen_eval)


if __name__ == '__main__': main()
