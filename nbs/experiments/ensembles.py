"""Ensembles of colorizers and larger crops, for the study in pretrained_frontier.ipynb: do averaged models move the
fidelity–vividness frontier where one model trained longer did not?

    python ensembles.py train --member 1 -- --data ../../../shared/data/extra --out runs/m1
    python ensembles.py eval runs/cpu/model.pth runs/m1/model.pth --heldout HELDOUT --out runs/ens2 --saturations 1,1.3

`train` runs `colornb-train` (the arguments after `--`) as member M of an ensemble: its initial weights and
shuffling seeded by seed + M, its split by the seed, so member 0 is the plain `colornb-train` run. `eval` colorizes
the held-out photos with the mean of the models' chroma, each model run at its own training size on the photo
rendered at `--size` (default: the largest of theirs), and scores them with `colornb.results.evaluate` into
OUT_sS for each saturation: colornb-eval takes one model.
"""
import argparse, sys, warnings
import torch, torch.nn.functional as F
import colornb.results as results
import colornb.train as train
from colornb.infer import load_predictor
from fastai.torch_core import set_seed


def ensemble_predictor(paths:list) -> tuple:
    "A predictor that averages the chroma of the models at `paths`, each run at its own size; the first one's config."
    models = [load_predictor(p) for p in paths]
    def resize(x, size): return x if x.shape[-1] == size else F.interpolate(x, size=(size, size), mode='bilinear', antialias=True, align_corners=False)
    def predict(x):
        outs = [resize(p(resize(x, c['size'])), x.shape[-1]) for p, c in models]
        return torch.stack(outs).mean(0)
    return predict, models[0][1], max(c['size'] for _, c in models)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('train'); t.add_argument('--member', type=int, required=True); t.add_argument('args', nargs=argparse.REMAINDER)
    e = sub.add_parser('eval'); e.add_argument('models', nargs='+'); e.add_argument('--heldout', required=True)
    e.add_argument('--out', required=True); e.add_argument('--size', type=int); e.add_argument('--saturations', default='1')
    a = p.parse_args()
    if a.cmd == 'train':
        train.set_seed = lambda s, *args, **kw: set_seed(s + a.member, *args, **kw)  # train_run seeds weights and shuffling with it
        sys.argv = ['colornb-train'] + [x for x in a.args if x != '--']
        return train.colornb_train()
    warnings.simplefilter('ignore')
    predict, config, size = ensemble_predictor(a.models)
    results.load_predictor = lambda path, *args, **kw: (predict, config)
    for s in map(float, a.saturations.split(',')):
        r = results.evaluate(a.models[0], a.heldout, size=a.size or size, progress=False, saturation=s)
        results.save_evaluation(r, f'{a.out}_s{s}')
        m = r['metrics']
        print(f"{len(a.models)} models, render {m['size']}, saturation {s}: PSNR gain {m['psnr_gain']:+.2f} dB, ΔE00 gain "
              f"{m['delta_e_gain']:+.2f}, colorfulness {m['colorfulness_ratio']:.0%} of the truth's", flush=True)


if __name__ == '__main__': main()
