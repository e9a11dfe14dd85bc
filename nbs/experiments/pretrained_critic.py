"""The GAN stage with a critic that knows what things are, for the study in pretrained_frontier.ipynb: DeOldify's
NoGAN order (a trained generator, then a critic trained alone on its outputs, then a short GAN stage) with the
ImageNet-pretrained EfficientNet-Lite0 as the critic's body. Measured, not adopted: the library keeps L1.

    python nbs/experiments/pretrained_critic.py --start runs/long/model.pth --data ../shared/data/extra --out runs/critic
    colornb-eval HELDOUT --model runs/critic/model_step300.pth --out runs/critic/eval_step300 [--saturation S]

starts from the generator of a `colornb-train --long` run, trains the critic alone for `--critic-steps` batches of
128 px crops of the run's own training photos (same seed, same split: its validation photos stay unseen), then
pix2pix for `--gan-steps` batches (Adam with betas 0.5, 0.999; generator at `--gen-lr`, critic at `--critic-lr`;
adversarial loss + `--lambda-l1` × L1), writing the generator as `model_stepN.pth` after each of `--snapshots` and
after the last step.
The critic sees the photo as colornb renders it, RGB(L, ab), scaled as the classifier was trained, and predicts
real or fake for each cell of its 1/16 and 1/32 feature maps; its batch norms keep ImageNet's statistics, so a
batch of fakes cannot give itself away by its mean.
"""
import argparse, json, math, time
from pathlib import Path
import torch, torch.nn as nn, torch.nn.functional as F
from fastai.callback.core import Callback, CancelFitException
from fastai.torch_core import set_seed
from colornb.callbacks import gan_loss, pix2pix_adam
from colornb.color import decode_lab, lab_to_rgb
from colornb.data import colorization_dls, load_source
from colornb.distrib import keep_freed_memory
from colornb.infer import load_generator
from colornb.io import save_model, write_atomic
from colornb.models import lite_encoder
from colornb.train import ColorizationRun, RunConfig


class LiteCritic(nn.Module):
    "Patch logits for (L, ab) from the pretrained EfficientNet-Lite0's 1/16 and 1/32 features of RGB(L, ab); batch norms frozen at ImageNet's statistics."
    def __init__(self, arch:str='efficientnet_lite0'):
        super().__init__()
        self.encoder = lite_encoder(arch, in_ch=3, pretrained=True)
        *_, c4, c5 = self.encoder.feature_info.channels()
        self.head4, self.head5 = nn.Conv2d(c4, 1, 1), nn.Conv2d(c5, 1, 1)

    def train(self, mode:bool=True):
        super().train(mode)
        for m in self.encoder.modules():
            if isinstance(m, nn.BatchNorm2d): m.eval()
        return self

    def forward(self, L, ab):
        rgb = lab_to_rgb(decode_lab(L.float(), ab.float())).clamp(0, 1)
        *_, s4, s5 = self.encoder((rgb - 0.5) / 0.5)
        return self.head4(s4) + F.interpolate(self.head5(s5), size=s4.shape[-2:], mode='nearest')


def pretrain_critic(generator, critic, dls, steps:int, lr:float) -> dict:
    "Train `critic` alone for `steps` batches: real crops against `generator`'s colors for them. Its accuracy on the last quarter."
    opt, right, seen = pix2pix_adam(critic.parameters(), lr), [], 0
    generator.eval(); critic.train()
    while seen < steps:
        for L, ab in dls.train:
            with torch.no_grad(): fake = generator(L)
            d_real, d_fake = critic(L, ab), critic(L, fake)
            loss = (gan_loss(d_real, True) + gan_loss(d_fake, False)) / 2
            opt.zero_grad(); loss.backward(); opt.step()
            seen += 1
            if seen > steps * 3 // 4: right.append(((d_real > 0).float().mean() + (d_fake < 0).float().mean()).item() / 2)
            if seen % 50 == 0: print(f"critic step {seen}: loss {loss.item():.3f}", flush=True)
            if seen >= steps: break
    return dict(critic_accuracy=sum(right) / max(len(right), 1), critic_opt=opt.state_dict())


class Snapshots(Callback):
    "Write the generator to OUT/model_stepN.pth after each of `steps` training batches and after the last one, `stop`; then stop."
    def __init__(self, run:ColorizationRun, steps:list, stop:int): self.run, self.steps, self.stop, self.n = run, set(steps) | {stop}, stop, 0
    def after_batch(self):
        if not self.training: return
        self.n += 1
        if self.n in self.steps: save_model(self.run.generator, self.run.config, self.run.out/f'model_step{self.n}.pth')
        if self.n >= self.stop: raise CancelFitException()


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--start', required=True, help="model.pth of a colornb-train --long run")
    p.add_argument('--data', required=True); p.add_argument('--out', required=True)
    p.add_argument('--size', type=int, default=128)
    p.add_argument('--critic-steps', type=int, default=300); p.add_argument('--gan-steps', type=int, default=600)
    p.add_argument('--snapshots', default='150,300'); p.add_argument('--gen-lr', type=float, default=1e-5)
    p.add_argument('--critic-lr', type=float, default=2e-4); p.add_argument('--lambda-l1', type=float, default=100.)
    p.add_argument('--seed', type=int, default=42)
    a = p.parse_args()
    keep_freed_memory(); set_seed(a.seed)
    generator, cfg = load_generator(a.start)
    config = RunConfig.from_dict(cfg)
    config.size, config.lambda_l1 = a.size, a.lambda_l1
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')  # a lent GPU where there is one
    dls = colorization_dls(load_source([a.data]), 'lab', size=a.size, bs=config.bs, valid_pct=config.valid_pct, seed=config.seed, device=device)
    run = ColorizationRun(dls, config, a.out)
    run.generator.load_state_dict(generator.state_dict())
    run.generator.to(device); run.critic = LiteCritic().to(device)
    start = time.time()
    alone = pretrain_critic(run.generator, run.critic, dls, a.critic_steps, a.critic_lr)
    critic_s = time.time() - start
    print(f"critic alone: {a.critic_steps} steps in {critic_s:.0f} s, accuracy {alone['critic_accuracy']:.0%} on the last quarter", flush=True)
    p2p = run.gan_callback(a.critic_lr)
    p2p.opt_d.load_state_dict(alone.pop('critic_opt'))
    run.history.stage = 'gan'
    config.epochs_gan = epochs = math.ceil(a.gan_steps / len(dls.train))  # the snapshots record it
    run.learn.fit(epochs, a.gen_lr, cbs=[p2p, Snapshots(run, [int(s) for s in a.snapshots.split(',')], a.gan_steps)])
    gan = run.history.rows[-50:]
    summary = dict(vars(a), **alone, critic_seconds=round(critic_s, 1), gan_seconds=round(time.time() - start - critic_s, 1),
                   last50={k: sum(r[k] for r in gan) / len(gan) for k in ('g_l1', 'g_adv', 'd_real', 'd_fake')})
    write_atomic(Path(a.out)/'critic.json', json.dumps(summary, indent=2), 'summary')
    print(json.dumps(summary, indent=1))


if __name__ == '__main__': main()
