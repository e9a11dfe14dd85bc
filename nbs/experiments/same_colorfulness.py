"""Photo-by-photo comparison at the same colorfulness, for the study in pretrained_frontier.ipynb: is a configuration
above a reference model's `--saturation` curve, or on it?

    for s in 1 1.2 1.4 1.6; do colornb-eval heldout --model runs/cpu/model.pth --saturation $s --out runs/cpu/eval_s$s; done
    python same_colorfulness.py --reference runs/cpu/eval_s* -- runs/p128/eval_s1.0 runs/p128/eval_s1.2

Each folder is a `colornb-eval` (or `evaluate_with`) output: metrics.json and per_image.csv on the same photos. The
reference's evaluations along `--saturation` are interpolated linearly, photo by photo, to the saturation at which
their mean colorfulness (share of the truth's) equals the configuration's; the configuration's PSNR and ΔE00 are then
compared with those interpolated scores: mean ± standard error of the per-photo differences, and how many photos are
better. A configuration outside the reference's colorfulness range is reported as such, not extrapolated.
"""
import argparse, csv, json, sys
from pathlib import Path
import numpy as np


def load_eval(folder) -> tuple:
    "The colorfulness share and the per-photo PSNR and ΔE00 (by file) of one evaluation folder."
    folder = Path(folder)
    share = json.loads((folder/'metrics.json').read_text())['colorfulness_ratio']
    with open(folder/'per_image.csv') as f: rows = {r['file']: (float(r['psnr']), float(r['delta_e'])) for r in csv.DictReader(f)}
    return share, rows


def paired(psnr_diffs, delta_e_gains) -> str:
    "Per-photo differences as 'PSNR mean ± standard error dB (photos better), ΔE00 gain mean ± standard error'."
    dp, de = np.asarray(psnr_diffs), np.asarray(delta_e_gains)
    se = lambda d: d.std(ddof=1) / np.sqrt(len(d))
    return f"PSNR {dp.mean():+.3f} ± {se(dp):.3f} dB ({(dp > 0).sum()} of {len(dp)} better), ΔE00 gain {de.mean():+.3f} ± {se(de):.3f}"


def at_colorfulness(reference:list, share:float) -> dict|None:
    "The reference's per-photo (PSNR, ΔE00) interpolated to colorfulness `share`; None outside its range."
    ref = sorted(reference, key=lambda o: o[0])
    for (s0, r0), (s1, r1) in zip(ref, ref[1:]):
        if s0 <= share <= s1:
            t = (share - s0) / (s1 - s0) if s1 > s0 else 0.
            return {f: tuple((1 - t) * a + t * b for a, b in zip(r0[f], r1[f])) for f in r0}
    return None


def compare(reference:list, folder) -> str:
    "One line: the configuration in `folder` against the reference at its colorfulness."
    share, rows = load_eval(folder)
    ref = at_colorfulness(reference, share)
    if ref is None: return f"{folder}: colorfulness {share:.1%} is outside the reference's range"
    if set(ref) != set(rows): raise ValueError(f"{folder} scores other photos than the reference")
    files = sorted(rows)
    dp = [rows[f][0] - ref[f][0] for f in files]
    de = [ref[f][1] - rows[f][1] for f in files]  # positive: closer to the truth than the reference
    return f"{folder}: colorfulness {share:.1%}; {paired(dp, de)} against the reference at the same colorfulness"


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--reference', nargs='+', required=True, help="the reference model's evaluations at several saturations")
    p.add_argument('configs', nargs='+', help='evaluations to compare with it')
    a = p.parse_args(sys.argv[1:])
    reference = [load_eval(f) for f in a.reference]
    for folder in a.configs: print(compare(reference, folder))


if __name__ == '__main__': main()
