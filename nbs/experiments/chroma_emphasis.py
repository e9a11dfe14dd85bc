"""Losses and a chroma curve that ask the L1 colorizer for more color where it is sure, for the study in
pretrained_frontier.ipynb: does any of them beat `--saturation` (every chroma × s) at the same colorfulness?

    python chroma_emphasis.py train --pooled -- --data ../../../shared/data/extra --out runs/pooled
    python chroma_emphasis.py train --chroma-weight 0.5 -- --data ../../../shared/data/extra --out runs/cw05
    python chroma_emphasis.py curve runs/cpu/model.pth --heldout HELDOUT --out runs/curve --curves 1.4,3 1.5,4

`train` runs `colornb-train` (the arguments after `--`) with its L1 loss replaced: `--pooled` takes it on the
prediction and the target both averaged over the generator's 4×4 output cells (where the cut network predicts), as
chroma_classes.py did; `--chroma-weight K` weighs each pixel by 1 + K·(its true chroma)/20 (LAB units; 20 is about
the mean chroma of the training photos), normalised by the batch's mean weight, so saturated colors count more.
`curve` scores a model on the held-out photos with its chroma c turned into s·c·c²/(c² + c0²) for each `s,c0`: gray
stays gray below about c0, and above it the chroma is scaled by s, so only what the model is sure of gets bolder.
With `--boost`, c becomes c·(1 + (s − 1)·c²/(c² + c0²)) instead: about s·c where the model is sure, nearly c where
it predicts near gray, never less than c. That variant is colornb's `--saturation` above 1 since
(`colornb.infer.saturate`, c0 = `HALF_BOOST_CHROMA`); with today's colornb, `curve MODEL ... --curves S,0` gives the
plain scaling (every chroma × s) that the `--saturation` rows before it measured.
`compare` draws held-out photos as gray | truth | plain scaling | colornb's `--saturation`, at two settings that give
about the same colorfulness:

    python chroma_emphasis.py compare colornb/weights/colornb-default.onnx --heldout HELDOUT --plain 1.2 --saturation 1.3 --out grid.jpg
"""
import argparse, sys, warnings
from pathlib import Path
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import matplotlib.pyplot as plt
import colornb.results as results
import colornb.train as train
from colornb.color import AB_SCALE, is_grayscale, rgb_to_gray
from colornb.data import load_rgb
from colornb.infer import load_predictor, render_chroma, merge_chroma_8bit, saturate, to_tensor
from ensembles import colornb_train, split_args


class PooledL1(nn.Module):
    "L1 between prediction and target both averaged over `stride`×`stride` cells."
    def __init__(self, stride:int=4): super().__init__(); self.stride = stride
    def forward(self, pred, target): return F.l1_loss(F.avg_pool2d(pred.float(), self.stride), F.avg_pool2d(target.float(), self.stride))


class ChromaWeightedL1(nn.Module):
    "L1 on encoded ab with each pixel weighted by 1 + `k`·(true chroma)/20, normalised by the mean weight."
    def __init__(self, k:float): super().__init__(); self.k = k
    def forward(self, pred, target):
        pred, target = pred.float(), target.float()
        w = 1 + self.k * target.norm(dim=1, keepdim=True) * AB_SCALE / 20
        return ((pred - target).abs() * w).mean() / w.mean()


def chroma_boost(ab, s:float, c0:float):
    "Encoded chroma `ab` (N, 2, h, w) through colornb's `saturate` with its constant c0 (LAB units) replaced."
    return saturate(ab * AB_SCALE, s, c0) / AB_SCALE


def chroma_curve(ab, s:float, c0:float):
    "Encoded chroma `ab` (N, 2, h, w) with its magnitude c (LAB units) turned into s·c·c²/(c² + c0²)."
    c2 = (ab * AB_SCALE).pow(2).sum(1, keepdim=True)
    return ab * s * c2 / (c2 + c0 ** 2 + 1e-12)


def curved_loader(load, s:float, c0:float, curve=chroma_curve):
    "`load` (colornb's `load_predictor`) with `curve` applied to every prediction."
    def load_curved(path):
        predict, config = load(path)
        return (lambda x: curve(predict(x), s, c0)), config
    return load_curved


def compare(model, heldout, out, plain:float, saturation:float, n:int):
    "The first `n` color photos of `heldout` as gray | truth | every chroma × `plain` | `saturate` at `saturation`, in one figure."
    predict, config = load_predictor(model)
    photos = [p for p in (load_rgb(f) for f in sorted(Path(heldout).iterdir())) if not is_grayscale(to_tensor(p))[0]][:n]
    grays = [(rgb_to_gray(to_tensor(p))[0, 0] * 255).round().byte().numpy() for p in photos]
    _, abs_ = render_chroma(predict, grays, config['space'], config['size'])
    fig, axs = plt.subplots(n, 4, figsize=(12, 2.6 * n))
    for row, photo, gray, ab in zip(axs, photos, grays, abs_):
        cols = (gray, np.asarray(photo), merge_chroma_8bit(gray, ab * plain), merge_chroma_8bit(gray, saturate(ab, saturation)))
        for ax, im in zip(row, cols): ax.imshow(im, cmap='gray' if im.ndim == 2 else None); ax.axis('off')
    for ax, t in zip(axs[0], ('gray', 'truth', f'every chroma × {plain:g}', f'colornb --saturation {saturation:g}')): ax.set_title(t, fontsize=10)
    fig.tight_layout(); fig.savefig(out, dpi=70, pil_kwargs=dict(quality=85))


def main():
    ours, train_args = split_args(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('train'); g = t.add_mutually_exclusive_group(required=True)
    g.add_argument('--pooled', action='store_true'); g.add_argument('--chroma-weight', type=float)
    c = sub.add_parser('curve'); c.add_argument('model'); c.add_argument('--heldout', required=True)
    c.add_argument('--out', required=True); c.add_argument('--curves', nargs='+', required=True); c.add_argument('--boost', action='store_true')
    g = sub.add_parser('compare'); g.add_argument('model'); g.add_argument('--heldout', required=True); g.add_argument('--out', required=True)
    g.add_argument('--plain', type=float, required=True); g.add_argument('--saturation', type=float, required=True)
    g.add_argument('--photos', type=int, default=6)
    a = p.parse_args(ours)
    warnings.simplefilter('ignore')
    if a.cmd == 'train':
        train.RECONSTRUCTION_LOSSES['l1'] = PooledL1 if a.pooled else (lambda: ChromaWeightedL1(a.chroma_weight))
        colornb_train(train_args)
    elif a.cmd == 'compare': compare(a.model, a.heldout, a.out, a.plain, a.saturation, a.photos)
    else:
        load = results.load_predictor
        for curve in a.curves:
            s, c0 = map(float, curve.split(','))
            results.load_predictor = curved_loader(load, s, c0, chroma_boost if a.boost else chroma_curve)
            r = results.evaluate(a.model, a.heldout, progress=False)
            results.save_evaluation(r, f'{a.out}_s{s:g}_c{c0:g}')
            m = r['metrics']
            print(f"s {s:g}, c0 {c0:g}: PSNR gain {m['psnr_gain']:+.2f} dB, ΔE00 gain {m['delta_e_gain']:+.2f}, "
                  f"colorfulness {m['colorfulness_ratio']:.0%} of the truth's")


if __name__ == '__main__': main()
