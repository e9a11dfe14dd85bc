"""Ensembles of colorizers, and one network distilled from them, for the study in pretrained_frontier.ipynb: do
averaged models move the fidelity–vividness frontier where one model trained longer did not?

    python ensembles.py train --member 1 -- --data ../../../shared/data/extra --out runs/m1
    python ensembles.py eval runs/cpu/model.pth runs/m1/model.pth --heldout HELDOUT --out runs/ens2 --saturations 1,1.3
    python ensembles.py eval ../../colornb/weights/colornb-default.onnx runs/lite2long/model.pth --register efficientnet_lite2 --heldout HELDOUT --out runs/ens_l0l2/eval
    python ensembles.py distill runs/cpu/model.pth runs/long8/model.pth -- --data ../../../shared/data/extra --epochs-pretrain 1 --out runs/dist

`train` runs `colornb-train` (the arguments after `--`) as member M of an ensemble: its initial weights and
shuffling seeded by seed + M, its split by the seed, so member 0 is the plain `colornb-train` run. `eval` colorizes
the held-out photos with the mean of the models' chroma, each model run at its own render size (its training
size unless it records another) on the photo rendered at `--size` (default: the largest of theirs), and scores
them with `colornb.results.evaluate` into OUT_sS for each saturation: colornb-eval takes one model; `--register
efficientnet_lite2` first makes an encoder that only `bigger_encoder.py` knows loadable. `distill` runs
`colornb-train` with the averaged chroma of the teacher models (of the run's crop size) as its training targets in
place of the true colors (`--truth-weight W`: W × the true colors + (1 − W) × the teachers'); its validation, and
so its metrics, keep the true colors.
"""
import argparse, sys, warnings
import torch, torch.nn.functional as F
from fastai.callback.core import Callback
from fastai.torch_core import set_seed
from fastcore.script import anno_parser
import colornb.results as results
import colornb.train as train
import bigger_encoder
from colornb.infer import default_render_size, load_predictor, load_generator


def resize(x, size:int):
    "Images (N, C, h, w) resized to size × size (antialiased), or as they are if they already are."
    return x if x.shape[-1] == size else F.interpolate(x, size=(size, size), mode='bilinear', antialias=True, align_corners=False)


def split_args(argv:list) -> tuple:
    "A study script's own arguments, and those after `--`, which are colornb-train's."
    return (argv[:argv.index('--')], argv[argv.index('--') + 1:]) if '--' in argv else (argv, [])


def evaluate_with(predict, config:dict, model, heldout, out:str, saturations:str, label:str, size:int|None=None):
    "Score `predict` (with `config`, in place of `model`'s own predictor) on the `heldout` photos at each of the comma-separated `saturations`, into OUT_sS."
    results.load_predictor = lambda path, *args, **kw: (predict, config)
    for s in map(float, saturations.split(',')):
        r = results.evaluate(model, heldout, size=size, progress=False, saturation=s)
        results.save_evaluation(r, f'{out}_s{s}')
        m = r['metrics']
        print(f"{label}, render {m['size']}, saturation {s}: PSNR gain {m['psnr_gain']:+.2f} dB, ΔE00 gain "
              f"{m['delta_e_gain']:+.2f}, colorfulness {m['colorfulness_ratio']:.0%} of the truth's", flush=True)


def ensemble_predictor(paths:list) -> tuple:
    "A predictor that averages the chroma of the models at `paths`, each run at its own render size; the first one's config."
    models = [load_predictor(p) for p in paths]
    def predict(x):
        outs = [resize(p(resize(x, default_render_size(c))), x.shape[-1]) for p, c in models]
        return torch.stack(outs).mean(0)
    return predict, models[0][1], max(default_render_size(c) for _, c in models)


def colornb_train(args:list, **given) -> dict:
    "`colornb-train` with the command-line arguments `args` and then the arguments `given`, in this process (so that the patches above apply)."
    kw = vars(anno_parser(train.colornb_train).parse_args(args))
    for k in ('pdb', 'xtra'): kw.pop(k, None)  # fastcore's own options
    return train.colornb_train(**(kw | given))


class TeacherTargets(Callback):
    "Training targets replaced by the mean of `teachers`' outputs on the batch, `truth_weight` of the true colors kept; validation batches keep theirs."
    def __init__(self, teachers:list, truth_weight:float=0.): self.teachers, self.truth_weight = [t.eval() for t in teachers], truth_weight
    def before_fit(self): self.teachers = [t.to(self.dls.device) for t in self.teachers]  # where the batches are (a GPU)
    def before_batch(self):
        if not self.training: return
        with torch.no_grad(): taught = torch.stack([t(self.xb[0]) for t in self.teachers]).mean(0)
        self.learn.yb = (torch.lerp(taught, self.yb[0].to(taught.dtype), self.truth_weight),)


def main():
    ours, train_args = split_args(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('train'); t.add_argument('--member', type=int, required=True)
    e = sub.add_parser('eval'); e.add_argument('models', nargs='+'); e.add_argument('--heldout', required=True)
    e.add_argument('--out', required=True); e.add_argument('--size', type=int); e.add_argument('--saturations', default='1')
    e.add_argument('--register', nargs='*', default=[], help="encoders to make loadable first, as bigger_encoder.py does (efficientnet_lite1, efficientnet_lite2)")
    d = sub.add_parser('distill'); d.add_argument('teachers', nargs='+'); d.add_argument('--truth-weight', type=float, default=0.)
    a = p.parse_args(ours)
    if a.cmd == 'distill':
        teachers = [load_generator(t)[0] for t in a.teachers]
        callbacks = train.ColorizationRun._callbacks
        train.ColorizationRun._callbacks = lambda self, stage, start: callbacks(self, stage, start) + [TeacherTargets(teachers, a.truth_weight)]
        return colornb_train(train_args)
    if a.cmd == 'train':
        train.set_seed = lambda s, *args, **kw: set_seed(s + a.member, *args, **kw)  # train_run seeds weights and shuffling with it
        return colornb_train(train_args)
    warnings.simplefilter('ignore')
    for arch in a.register: bigger_encoder.register(arch)
    predict, config, size = ensemble_predictor(a.models)
    evaluate_with(predict, config, a.models[0], a.heldout, a.out, a.saturations, f'{len(a.models)} models', a.size or size)


if __name__ == '__main__': main()
