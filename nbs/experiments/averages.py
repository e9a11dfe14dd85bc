"""Averaged weights and averaged renders for the study in pretrained_frontier.ipynb: do the cheap averages of one
network (its weights along the run; several renders of each photo) do what averaging different networks did?

    python averages.py weights --emas 0.998,0.999,0.9995 --swa 0.3 -- --data ../../../shared/data/extra --out runs/avg
    python averages.py bn runs/avg/model_ema0.999.pth runs/avg/model_swa0.3.pth --data ../../../shared/data/extra
    python averages.py swa runs/cpu/model.pth --data ../../../shared/data/extra --out runs/swa_tail --epochs 1 --lr 3e-4 --every 50
    python averages.py renders runs/cpu/model.pth --heldout HELDOUT --out runs/tta_64-96_flip --sizes 64,96 --flip --saturations 1,1.2
    colornb-eval HELDOUT --model runs/avg/model_ema0.999_bn.pth

`weights` runs `colornb-train` (the arguments after `--`) with a callback that keeps, beside the network it trains,
torch's `AveragedModel`s of its weights and batch-norm statistics: one exponential moving average per decay in
`--emas`, updated after every optimizer step, and one plain mean (SWA's) of the weights after each step of the last
`--swa` share of the steps. They are written beside model.pth as model_ema{decay}.pth and model_swa{share}.pth, so one
run gives each average and the last weights it is compared with, photo by photo. The averages are not in the run's
checkpoint: a resumed run starts them afresh. `bn` recomputes an averaged model's batch-norm statistics on `--batches`
batches of the training crops with torch's `update_bn`, as SWA prescribes, into MODEL_bn.pth. `swa` is SWA as its
authors run it: a trained model trained on at a constant rate, its weights averaged every `--every` steps, batch norms
recomputed (OUT/model_swa_bn.pth; its last weights in OUT/model_last.pth). `renders` scores a model on the held-out
photos with the mean of its chroma over renders at each of `--sizes` (multiples of 32, resized back to the model's own
size) and, with `--flip`, their mirror images.
"""
import argparse, sys, warnings
import torch
from fastai.callback.core import Callback
from fastai.torch_core import set_seed
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn, update_bn
import colornb.train as train
from colornb.data import colorization_dls
from colornb.distrib import keep_freed_memory
from colornb.infer import load_generator, load_predictor
from colornb.io import load_checkpoint, save_model
from ensembles import colornb_train, evaluate_with, resize, split_args


class WeightAverages(Callback):
    "Exponential moving averages of the model's weights for each of `decays`, and their plain mean over the last `swa_share` of the steps; saved by `run` at the end."
    def __init__(self, run, decays:list, swa_share:float): self.run, self.decays, self.swa_share = run, decays, swa_share
    def before_fit(self):
        self.averages = {f'ema{d}': AveragedModel(self.model, multi_avg_fn=get_ema_multi_avg_fn(d), use_buffers=True) for d in self.decays}
        self.swa, self.swa_start = AveragedModel(self.model, use_buffers=True), round(self.n_epoch * len(self.dls.train) * (1 - self.swa_share))
    def after_batch(self):
        if not self.training: return
        for a in self.averages.values(): a.update_parameters(self.model)
        if self.train_iter > self.swa_start: self.swa.update_parameters(self.model)
    def after_fit(self):
        if self.swa_share: self.averages[f'swa{self.swa_share}'] = self.swa
        for name, a in self.averages.items():
            save_model(a.module, self.run.config, self.run.out/f'model_{name}.pth')
            print(f"{self.run.out/f'model_{name}.pth'}: {int(a.n_averaged)} steps averaged", flush=True)


def training_inputs(dls, batches:int) -> list:
    "The inputs of the first `batches` training batches of `dls`, for `update_bn`."
    return [x for _, (x, _) in zip(range(batches), dls.train)]


def recompute_bn(paths:list, data:str, batches:int):
    "Each model at `paths` with its batch-norm statistics recomputed on `batches` training batches of `data` (its run's crops, split and seed), as PATH_bn.pth."
    config = load_generator(paths[0])[1]
    dls = colorization_dls([data], config['space'], size=config['size'], bs=config['bs'], valid_pct=config['valid_pct'], seed=config['seed'], device='cpu')
    xs = training_inputs(dls, batches)
    for p in paths:
        g, config = load_generator(p)
        update_bn(xs, g)
        save_model(g, config, p.replace('.pth', '_bn.pth'))
        print(f"{p.replace('.pth', '_bn.pth')}: batch norms from {len(xs)} batches", flush=True)


class EverySteps(Callback):
    "SWA's plain mean of the model's weights, taken after every `every` training steps."
    def __init__(self, every:int): self.every = every
    def before_fit(self): self.average = AveragedModel(self.model)
    def after_batch(self):
        if self.training and self.train_iter % self.every == 0: self.average.update_parameters(self.model)


def swa_tail(path:str, data:str, out:str, epochs:int, lr:float, every:int, batches:int):
    "SWA as its authors run it: the model at `path` trained on for `epochs` at the constant rate `lr` (its encoder at lr / its encoder_lr_div), its weights averaged every `every` steps, batch norms recomputed."
    ck = load_checkpoint(path)
    config = train.RunConfig.from_dict(ck['config'])
    keep_freed_memory(); set_seed(config.seed)
    dls = colorization_dls(data, config.space, size=config.size, bs=config.bs, valid_pct=config.valid_pct, seed=config.seed, device='cpu')
    run = train.ColorizationRun(dls, config, out)
    run.generator.load_state_dict(ck['generator'])
    run.history.stage, swa = 'pretrain', EverySteps(every)
    run.learn.fit(epochs, slice(lr / config.encoder_lr_div, lr), cbs=swa)
    save_model(run.generator, config, run.out/'model_last.pth')
    update_bn(training_inputs(dls, batches), swa.average.module)
    save_model(swa.average.module, config, run.out/'model_swa_bn.pth')
    print(f"{run.out}: model_last.pth, model_swa_bn.pth ({int(swa.average.n_averaged)} snapshots)", flush=True)


def render_average_predictor(predict, sizes:list, flip:bool):
    "`predict` averaged over renders at `sizes` and, if `flip`, their mirror images; each resized to the input's size."
    def predict_average(x):
        outs = []
        for xs in (resize(x, s) for s in sizes):
            outs.append(resize(predict(xs), x.shape[-1]))
            if flip: outs.append(resize(predict(xs.flip(-1)).flip(-1), x.shape[-1]))
        return torch.stack(outs).mean(0)
    return predict_average


def main():
    ours, train_args = split_args(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    w = sub.add_parser('weights'); w.add_argument('--emas', default='0.998,0.999,0.9995', help='decays of the exponential moving averages')
    w.add_argument('--swa', type=float, default=0.3, help="share of the last steps SWA's mean is taken over (0: none)")
    b = sub.add_parser('bn'); b.add_argument('models', nargs='+'); b.add_argument('--data', required=True); b.add_argument('--batches', type=int, default=200)
    s = sub.add_parser('swa'); s.add_argument('model'); s.add_argument('--data', nargs='+', required=True); s.add_argument('--out', required=True)
    s.add_argument('--epochs', type=int, default=1); s.add_argument('--lr', type=float, default=3e-4); s.add_argument('--every', type=int, default=50)
    s.add_argument('--batches', type=int, default=200)
    r = sub.add_parser('renders'); r.add_argument('model'); r.add_argument('--heldout', required=True); r.add_argument('--out', required=True)
    r.add_argument('--sizes', default='64'); r.add_argument('--flip', action='store_true'); r.add_argument('--saturations', default='1')
    a = p.parse_args(ours)
    if a.cmd == 'weights':
        callbacks = train.ColorizationRun._callbacks
        def with_averages(self, stage, start):
            return callbacks(self, stage, start) + [WeightAverages(self, [float(d) for d in a.emas.split(',')], a.swa)]
        train.ColorizationRun._callbacks = with_averages
        return colornb_train(train_args)
    if a.cmd == 'bn': return recompute_bn(a.models, a.data, a.batches)
    if a.cmd == 'swa': return swa_tail(a.model, a.data, a.out, a.epochs, a.lr, a.every, a.batches)
    warnings.simplefilter('ignore')
    predict, config = load_predictor(a.model)
    average = render_average_predictor(predict, [int(s) for s in a.sizes.split(',')], a.flip)
    evaluate_with(average, config, a.model, a.heldout, a.out, a.saturations, f"renders {a.sizes}{' and flipped' if a.flip else ''}")

if __name__ == '__main__': main()
