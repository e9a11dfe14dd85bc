"""Zhang et al.'s classification over quantized chroma on the pretrained encoder, for the study in pretrained_frontier.ipynb.
Measured against the CPU default (L1 regression); see the notebook for the verdict.

    python chroma_classes.py --data ../../../shared/data/extra --out runs/cls --heldout HELDOUT [--rebalance 0.5]
    python chroma_classes.py --data ../../../shared/data/extra --out runs/l1q --heldout HELDOUT --loss l1   # the control

The network is the CPU default's EfficientNet-Lite0 U-Net cut at 1/4 of the input (its decoder's last two levels,
which cost a third of the step, are dropped), with a 1×1 convolution to Q logits per pixel there, Q the ab bins of
width 10 that sRGB colors reach (Zhang et al.'s 313 of the 22 × 22 grid). It is trained, as the CPU default is (64 px
crops, batch 16, Adam, one cycle at 1e-3 with the encoder at lr/10, ~27,000 crops), on the soft-encoded chroma of
the target pooled to 1/4 (each pixel a Gaussian, σ = 5, over its 5 nearest bins), optionally with Zhang et al.'s
class rebalancing (weights 1 / ((1 − λ) prior + λ / Q), prior smoothed, from the training crops). It predicts the
annealed mean of its distribution at temperature T (T = 1 the mean; Zhang et al. use 0.38), upsampled ×4. With
`--loss l1` the same cut network regresses ab at 1/4 with L1 instead (the control for the cut).

The script scores the held-out photos itself with `colornb.results.evaluate` (into OUT/eval_tT_sS) for each
`--temperatures` and `--saturations`: colornb-eval cannot load this network.
"""
import argparse, json, time
from dataclasses import asdict
from pathlib import Path
import torch, torch.nn as nn, torch.nn.functional as F
import colornb.results as results
from colornb.color import AB_SCALE, rgb_to_lab
from colornb.distrib import keep_freed_memory, training_recipe
from colornb.io import load_checkpoint, save_checkpoint, write_atomic
from colornb.metrics import summary_line
from colornb.models import LiteUnet, generator_config
from colornb.data import colorization_dls, load_source
from colornb.train import ColorizationRun, RunConfig, folder_epochs, train_defaults
from colornb.infer import torch_predictor
from fastai.torch_core import set_seed


def gamut_bins(step:float=10.) -> torch.Tensor:
    "Centers (Q, 2), in LAB units, of the `step`-wide ab bins that some sRGB color falls in."
    grid = torch.stack(torch.meshgrid(*[torch.linspace(0, 1, 64)] * 3, indexing='ij')).reshape(1, 3, -1, 1)
    ab = rgb_to_lab(grid)[0, 1:, :, 0].T
    idx = torch.unique(((ab + 110) // step).long(), dim=0)
    return idx.float() * step - 110 + step / 2


class QuarterUnet(LiteUnet):
    "The Lite0 U-Net cut at 1/4 of the input: `out_ch` channels there (class logits, or ab for L1)."
    def __init__(self, out_ch:int, pretrained:bool=True):
        super().__init__('efficientnet_lite0', 1, 2, pretrained)
        del self.up1, self.up0
        self.head = nn.Conv2d(64, out_ch, 1)

    def forward(self, x):
        s1, s2, s3, s4, s5 = self.encoder(x)
        return self.head(self.up2(self.up3(self.up4(s5, s4), s3), s2))


def pooled_ab(target:torch.Tensor) -> torch.Tensor:
    "Encoded ab (B, 2, H, W) as LAB-unit pixels (B·H/4·W/4, 2) of its 4×4 averages."
    return (F.avg_pool2d(target.float(), 4) * AB_SCALE).permute(0, 2, 3, 1).reshape(-1, 2)


class ClassLoss(nn.Module):
    "Cross entropy of logits (B, Q, H/4, W/4) against the soft-encoded pooled target, each pixel weighted by its nearest bin's `weights`."
    def __init__(self, centers, weights=None, sigma:float=5., k:int=5):
        super().__init__(); self.centers, self.weights, self.sigma, self.k = centers, weights, sigma, k

    def forward(self, logits, target):
        d2, idx = torch.cdist(pooled_ab(target), self.centers).pow(2).topk(self.k, 1, largest=False)
        q = torch.softmax(-d2 / (2 * self.sigma ** 2), 1)
        log_p = torch.log_softmax(logits.float().permute(0, 2, 3, 1).reshape(-1, len(self.centers)), 1)
        ce = -(q * log_p.gather(1, idx)).sum(1)
        return (ce * self.weights[idx[:, 0]]).mean() if self.weights is not None else ce.mean()


class QuarterL1(nn.Module):
    "L1 between ab predicted at 1/4 (tanh) and the target pooled to 1/4."
    def forward(self, pred, target): return F.l1_loss(torch.tanh(pred.float()), F.avg_pool2d(target.float(), 4))


def rebalance_weights(dls, centers, lam:float=0.5, sigma:float=5., batches:int=200) -> torch.Tensor:
    "Zhang et al.'s bin weights from the pooled chroma of `batches` training batches: mean 1 under the smoothed prior."
    counts = torch.zeros(len(centers))
    for i, (_, y) in zip(range(batches), dls.train):
        counts += torch.bincount(torch.cdist(pooled_ab(y), centers).argmin(1), minlength=len(centers)).float()
    k = torch.exp(-torch.cdist(centers, centers).pow(2) / (2 * sigma ** 2))
    prior = k @ (counts / counts.sum()); prior = prior / prior.sum()
    w = 1 / ((1 - lam) * prior + lam / len(centers))
    return w / (prior * w).sum()


class Decoded(nn.Module):
    "`net`'s prediction as the network output colornb expects: ab / AB_SCALE at the input's size."
    def __init__(self, net, centers=None, t:float=0.38):
        super().__init__(); self.net, self.centers, self.t = net, centers, t

    def forward(self, x):
        out = self.net(x).float()
        ab = (torch.tanh(out) if self.centers is None else
              torch.einsum('bqhw,qc->bchw', torch.softmax(out / self.t, 1), self.centers) / AB_SCALE)
        return F.interpolate(ab, size=x.shape[-2:], mode='bilinear', align_corners=False)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--data', nargs='+', required=True); p.add_argument('--out', required=True)
    p.add_argument('--loss', default='classes', choices=('classes', 'l1'))
    p.add_argument('--rebalance', type=float, default=None, help="Zhang et al.'s λ (0.5 theirs); default: no rebalancing")
    p.add_argument('--heldout', help="folder of imagenet-sample's held-out photos to score the model on")
    p.add_argument('--temperatures', default='1,0.6,0.38'); p.add_argument('--saturations', default='1')
    p.add_argument('--max-photos', type=int, default=None, help='a seeded subset (quick checks)')
    p.add_argument('--crops', type=int, default=27_000, help="crops to train on (the CPU default's when the study ran)")
    p.add_argument('--eval-only', action='store_true', help='score OUT/net.pth again')
    args = p.parse_args()
    keep_freed_memory(); set_seed(42)
    out, source = Path(args.out), load_source(args.data)
    d = train_defaults(source)
    config = RunConfig('lab', d['size'], generator_config('efficientnet_lite0', 'lab', d['size']), data=args.data, epochs_pretrain=None,
                       epochs_gan=0, valid_pct=d['valid_pct'], max_photos=args.max_photos, recipe=training_recipe('cpu'))
    centers = gamut_bins()
    net = QuarterUnet(len(centers) if args.loss == 'classes' else 2)
    if args.eval_only: net.load_state_dict(load_checkpoint(out/'net.pth')['net'])
    else:
        dls = colorization_dls(source, 'lab', size=config.size, bs=config.bs, valid_pct=config.valid_pct, seed=config.seed,
                               device='cpu', max_photos=args.max_photos)
        config.epochs_pretrain = folder_epochs(len(dls.train_ds), args.crops)
        run = ColorizationRun(dls, config, out)
        run.generator = run.learn.model = net
        run.learn.metrics = []
        weights = None if args.rebalance is None else rebalance_weights(dls, centers, args.rebalance)
        run.learn.loss_func = ClassLoss(centers, weights) if args.loss == 'classes' else QuarterL1()
        start = time.time()
        run.pretrain(config.epochs_pretrain, config.lr, config.encoder_lr_div)
        seconds = round(time.time() - start, 1)
        save_checkpoint(dict(net=net.state_dict(), centers=centers, rebalance=args.rebalance, loss=args.loss), out/'net.pth', 'network')
        run.checkpoint_path.unlink(missing_ok=True)
        write_atomic(out/'train.json', json.dumps(dict(train_seconds=seconds, crops=len(dls.train_ds) * config.epochs_pretrain,
                                                        classes=len(centers), rebalance=args.rebalance, loss=args.loss), indent=2), 'metrics')
        print(f'{out}: trained in {seconds:.0f} s on {len(dls.train_ds) * config.epochs_pretrain} crops', flush=True)
    if not args.heldout: return
    net.eval()
    gen_config = dict(space='lab', size=config.size, generator=asdict(config.generator))
    temps = [float(t) for t in args.temperatures.split(',')] if args.loss == 'classes' else [None]
    for t in temps:
        results.load_predictor = lambda path, *a, **k: (torch_predictor(Decoded(net, centers if t else None, t or 1)), gen_config)
        for sat in (float(s) for s in args.saturations.split(',')):
            res = results.evaluate(out/'net.pth', args.heldout, progress=False, saturation=sat)
            results.save_evaluation(res, out/f'eval_t{t}_s{sat}')
            print(f'held-out, T {t}, saturation {sat}: {summary_line(res["metrics"])}', flush=True)


if __name__ == '__main__': main()
