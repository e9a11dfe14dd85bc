"""Chroma upsampled with the photo's own lightness as a guide, for the study in pretrained_frontier.ipynb: does the
64 px render's blur cost the colorizer fidelity or color?

    python guided_upsampling.py colornb/weights/colornb-default.onnx --heldout HELDOUT --radii 1,2,4 --eps 1e-4,1e-3,1e-2

colornb renders a photo's chroma at the network's size (64 px) and upsamples it bilinearly to the photo's full
resolution, so a color edge is as soft as the render. The fast guided filter (He and Sun, 2015) instead fits, in
each (2r + 1)² window of the render, the chroma as a linear function of the render's lightness (ridge `eps`, in
(L/100)² units), upsamples the fitted coefficients bilinearly and applies them to the full-resolution lightness: the
chroma's edges follow the photo's. Each photo is scored, at saturation 1, both ways through the same float merge
(`colornb.results.photo_metrics`), and the guided scores are paired with the bilinear ones.
"""
import argparse, sys, warnings
import numpy as np, torch, torch.nn.functional as F
from colornb.color import rgb_to_lab, lab_to_rgb, fit_to_gamut, rgb_to_gray, is_grayscale
from colornb.data import load_rgb, get_photo_files
from colornb.infer import load_predictor, render_chroma, to_tensor
from colornb.results import photo_metrics, _thumb
from same_colorfulness import paired


def box(x, r:int): return F.avg_pool2d(x, 2 * r + 1, stride=1, padding=r, count_include_pad=False)


def guided_coefficients(guide, src, r:int, eps:float) -> tuple:
    "The fast guided filter's smoothed coefficients (A, b): `src` ≈ A·`guide` + b in each window of radius `r`."
    m_g, m_s = box(guide, r), box(src, r)
    a = (box(guide * src, r) - m_g * m_s) / (box(guide * guide, r) - m_g * m_g + eps)
    return box(a, r), box(m_s - a * m_g, r)


def upsample(x, size): return F.interpolate(x, size=size, mode='bilinear', align_corners=False)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('model'); p.add_argument('--heldout', required=True)
    p.add_argument('--radii', default='1,2,4'); p.add_argument('--eps', default='1e-4,1e-3,1e-2')
    a = p.parse_args(sys.argv[1:])
    warnings.simplefilter('ignore')
    predict, config = load_predictor(a.model)
    settings = [(int(r), float(e)) for r in a.radii.split(',') for e in a.eps.split(',')]
    scores = {s: [] for s in [None] + settings}
    for f in get_photo_files(a.heldout):
        truth = to_tensor(load_rgb(f))
        if is_grayscale(_thumb(truth, 64))[0]: continue
        gray = rgb_to_gray(truth).expand_as(truth)
        small, ab = render_chroma(predict, [(gray[0, 0] * 255).round().byte().numpy()], config['space'], config['size'])
        L_small, L = rgb_to_lab(small)[:, :1] / 100, rgb_to_lab(gray)[:, :1]
        for s in scores:
            if s is None: ab_full = upsample(ab, truth.shape[-2:])
            else:
                A, b = guided_coefficients(L_small, ab, *s)
                ab_full = upsample(A, truth.shape[-2:]) * L / 100 + upsample(b, truth.shape[-2:])
            pred = (lab_to_rgb(fit_to_gamut(torch.cat([L, ab_full], 1))).clamp(0, 1) * 255).round() / 255
            scores[s].append(photo_metrics(pred, truth, gray))
    base = scores[None]
    for s, rows in scores.items():
        m = lambda k: np.mean([r[k] for r in rows])
        d = [r['psnr'] - r0['psnr'] for r, r0 in zip(rows, base)]
        de = [r0['delta_e'] - r['delta_e'] for r, r0 in zip(rows, base)]
        print(f"{'bilinear' if s is None else f'guided r {s[0]}, eps {s[1]:g}'}: PSNR gain {m('psnr') - m('gray_psnr'):+.3f} dB, "
              f"SSIM {m('ssim'):.3f}, ΔE00 gain {m('gray_delta_e') - m('delta_e'):+.3f}, colorfulness {m('colorfulness') / m('colorfulness_truth'):.1%}; "
              f"against bilinear: {paired(d, de)}", flush=True)


if __name__ == '__main__': main()
