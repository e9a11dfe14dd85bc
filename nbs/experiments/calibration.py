"""Calibrated chroma, for the study in pretrained_frontier.ipynb: an L1 network predicts each pixel's median chroma,
but PSNR rewards the mean. Does moving each predicted chroma to the mean true chroma of the pixels that got it (on the
run's own validation photos) move the fidelity–vividness frontier?

    python calibration.py fit runs/cpu/model.pth --data ../../../shared/data/extra --out runs/cpu/calibration.pt
    python calibration.py eval runs/cpu/model.pth runs/cpu/calibration.pt --heldout HELDOUT --out runs/cal --saturations 1,1.2

`fit` renders the model's validation photos (the split `colornb-train` made: same folders, `--valid-pct`, `--seed`)
as colornb renders a photo: its 8-bit gray squeezed to the training size. It bins the rendered pixels by lightness
and predicted chroma (a, b) and keeps, per bin, the mean residual (true minus predicted ab, the truth squeezed the
same way), shrunk towards zero where a bin holds few pixels (`--shrink` pixels' worth of zero residual). `eval`
scores the model with that residual added to its chroma, interpolated between bins, before `--saturation`.
"""
import argparse, sys, warnings
import numpy as np, torch, torch.nn.functional as F
from fastai.data.transforms import RandomSplitter
from fastprogress.fastprogress import progress_bar
from colornb.color import AB_SCALE, rgb_to_gray, rgb_to_lab
from colornb.data import _photo_files, check_photos, load_rgb
from colornb.infer import _render_input, load_predictor, render_chroma, to_tensor
from colornb.io import load_checkpoint, save_checkpoint
from ensembles import evaluate_with

L_BINS, AB_BINS, AB_MAX = 10, 40, 80.  # lightness 0–100, chroma a and b in ±80 (4 units a bin)


def bin_index(lab:torch.Tensor) -> torch.Tensor:
    "The flat (L, a, b) bin of each pixel of LAB `lab` (3, …)."
    l = (lab[0] / 100 * L_BINS).long().clamp(0, L_BINS - 1)
    a, b = (((lab[i] + AB_MAX) / (2 * AB_MAX) * AB_BINS).long().clamp(0, AB_BINS - 1) for i in (1, 2))
    return (l * AB_BINS + a) * AB_BINS + b


def accumulate(predict, config:dict, photos:list, n:torch.Tensor|None=None, total:torch.Tensor|None=None) -> tuple:
    "Counts (bins) and summed residuals (2, bins) of 8-bit RGB `photos`, rendered in one batch as colornb renders them; added to `n`, `total`."
    n = torch.zeros(L_BINS * AB_BINS * AB_BINS) if n is None else n
    total = torch.zeros(2, L_BINS * AB_BINS * AB_BINS) if total is None else total
    grays = [(rgb_to_gray(to_tensor(p))[0, 0] * 255).round().byte().numpy() for p in photos]
    small, ab = render_chroma(predict, grays, config['space'], config['size'])
    true_small = torch.stack([_render_input(p, config['size']) for p in photos])  # the truths squeezed as the grays were
    pred_lab = torch.cat([rgb_to_lab(small)[:, :1], ab], 1).transpose(0, 1).flatten(1)
    idx = bin_index(pred_lab)
    n.index_add_(0, idx, torch.ones_like(idx, dtype=torch.float))
    total.index_add_(1, idx, rgb_to_lab(true_small).transpose(0, 1)[1:].flatten(1) - pred_lab[1:])
    return n, total


def residual_map(n:torch.Tensor, total:torch.Tensor, shrink:float) -> torch.Tensor:
    "The mean residual (2, L, a, b bins) per bin, shrunk towards zero by `shrink` pixels' worth of none."
    return (total / (n + shrink)).view(2, L_BINS, AB_BINS, AB_BINS)


def fit(model:str, data:list, valid_pct:float, seed:int, max_photos:int|None, shrink:float, out:str, batch:int=64):
    "The mean residual per (L, predicted a, predicted b) bin over the model's validation photos, saved to `out`."
    predict, config = load_predictor(model)
    files = check_photos(_photo_files(data))
    valid = [files[i] for i in RandomSplitter(valid_pct, seed=seed)(files)[1]][:max_photos]
    n, total = None, None
    for i in progress_bar(range(0, len(valid), batch)):
        n, total = accumulate(predict, config, [np.asarray(load_rgb(f)) for f in valid[i:i + batch]], n, total)
    residual = residual_map(n, total, shrink)
    save_checkpoint(dict(residual=residual, count=n.view(L_BINS, AB_BINS, AB_BINS), photos=len(valid), shrink=shrink,
                         model=str(model)), out)
    print(f"{out}: {len(valid)} validation photos, {int(n.sum()):,} pixels; mean |residual| "
          f"{(residual.norm(dim=0).flatten() * n).sum() / n.sum():.2f} LAB units", flush=True)


def calibrated_predictor(predict, residual:torch.Tensor):
    "`predict` (LAB) with the fitted `residual` (2, L, a, b bins) added to its chroma, trilinear between bin centres."
    def predict_calibrated(x):
        ab = predict(x) * AB_SCALE
        grid = torch.stack([(ab[:, 1] / AB_MAX), (ab[:, 0] / AB_MAX), x[:, 0]], -1)  # grid_sample's (x, y, z) = (b, a, L)
        r = F.grid_sample(residual[None].expand(len(x), -1, -1, -1, -1), grid[:, None], mode='bilinear',
                          padding_mode='border', align_corners=False)[:, :, 0]
        return (ab + r) / AB_SCALE
    return predict_calibrated


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    f = sub.add_parser('fit'); f.add_argument('model'); f.add_argument('--data', nargs='+', required=True)
    f.add_argument('--out', required=True); f.add_argument('--valid-pct', type=float, default=0.05)
    f.add_argument('--seed', type=int, default=42); f.add_argument('--max-photos', type=int)
    f.add_argument('--shrink', type=float, default=50., help="pixels' worth of zero residual each bin's mean is shrunk with")
    e = sub.add_parser('eval'); e.add_argument('model'); e.add_argument('calibration')
    e.add_argument('--heldout', required=True); e.add_argument('--out', required=True); e.add_argument('--saturations', default='1')
    a = p.parse_args(sys.argv[1:])
    if a.cmd == 'fit': return fit(a.model, a.data, a.valid_pct, a.seed, a.max_photos, a.shrink, a.out)
    warnings.simplefilter('ignore')
    predict, config = load_predictor(a.model)
    if config['space'] != 'lab': raise SystemExit(f"calibration.py: {a.model} is not a LAB model")
    residual = load_checkpoint(a.calibration)['residual']
    evaluate_with(calibrated_predictor(predict, residual), config, a.model, a.heldout, a.out, a.saturations, 'calibrated')

if __name__ == '__main__': main()
