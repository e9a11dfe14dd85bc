"""Make the colorizer that ships inside the package: a trained model.pth → colornb/weights/colornb-default.onnx (fp16)
and its provenance file colornb-default.json (command, data, commit, train time, held-out metrics against gray).

    python tools/ship_model.py runs/long/model.pth --heldout HELDOUT --commit 51dae2d \
        --command "colornb-train --data ../shared/data/extra --long --out runs/long"

HELDOUT is a folder with imagenet-sample's held-out photos (every 8th file of ../shared/data/imagenet-sample/images,
the photos no colornb model trains on); the metrics are measured on it with `colornb.results.evaluate`.
"""
import argparse, hashlib, json, os, platform, tempfile, warnings
from pathlib import Path
import onnx, torch
from colornb.export import export_onnx, quantize_onnx
from colornb.infer import DEFAULT_MODEL_NAME
from colornb.results import evaluate

WEIGHTS = Path(__file__).resolve().parents[1]/'colornb'/'weights'
METRICS = ('psnr', 'psnr_gain', 'ssim', 'delta_e', 'delta_e_gain', 'colorfulness_ratio', 'gray_psnr', 'gray_ssim', 'gray_delta_e', 'n_images')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('model', help='model.pth written by colornb-train (its metrics.json next to it gives the train time)')
    p.add_argument('--heldout', required=True, help="folder of imagenet-sample's held-out photos (every 8th file)")
    p.add_argument('--command', required=True, help='the colornb-train command that trained the model')
    p.add_argument('--commit', required=True, help='the commit whose code trained the model')
    p.add_argument('--saturations', default='1.0,1.2,1.3', help='saturations the held-out metrics are measured at')
    args = p.parse_args()
    model = Path(args.model)
    config = torch.load(model, map_location='cpu', weights_only=True)['config']
    config['data'] = [os.path.relpath(d) for d in config.get('data') or []]  # no path of the machine that trained it
    out = WEIGHTS/f'{DEFAULT_MODEL_NAME}.onnx'
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = export_onnx(model, Path(tmp)/'fp32.onnx')
        q = quantize_onnx(fp32['path'], Path(tmp)/'fp16.onnx', 'fp16')
        proto = onnx.load(q['path'])
        onnx.helper.set_model_props(proto, {'colornb_config': json.dumps(config)})
        WEIGHTS.mkdir(exist_ok=True)
        onnx.save(proto, out)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # the held-out folder's gray photos are skipped, as always
        metrics = {f'saturation {s}': {k: evaluate(out, args.heldout, progress=False, saturation=float(s))['metrics'][k] for k in METRICS}
                   for s in args.saturations.split(',')}
    trained = json.loads((model.parent/'metrics.json').read_text())
    provenance = dict(
        file=out.name, format='ONNX, fp16 weights and activations, float32 inputs and outputs (onnxruntime float16 converter)',
        size_mb=round(out.stat().st_size / 1e6, 1), sha256=hashlib.sha256(out.read_bytes()).hexdigest(),
        fp16_psnr_against_fp32_db=round(q['psnr_vs_fp32'], 1),
        train_command=args.command, commit=args.commit, config=config, train_seconds=trained['train_seconds'],
        train_machine='2 CPU cores, no GPU', data=('../shared/data/extra: 28,300 color photos (mini-ImageNet 25,000 at 84 px, '
                                                   'Imagenette 2,500, Kaggle cats and dogs 800), 95% trained on; none of imagenet-sample'),
        heldout=("imagenet-sample's held-out 100 photos (every 8th file), scored at full resolution by colornb.results.evaluate "
                 "against the gray baseline (the photo's own L, chroma 0); grayscale photos skipped"),
        heldout_metrics=metrics, eval_command='colornb-eval HELDOUT [--saturation S]',
        license=('Research use only: the training photos come from ImageNet-derived sets and Kaggle, whose terms allow '
                 'non-commercial research use. The code is Apache-2.0; these weights are not.'),
        made_by=f'tools/ship_model.py, Python {platform.python_version()}, torch {torch.__version__}')
    (WEIGHTS/f'{DEFAULT_MODEL_NAME}.json').write_text(json.dumps(provenance, indent=1, ensure_ascii=False) + '\n')
    print(json.dumps(provenance['heldout_metrics'], indent=1))
    print(f"{out}: {provenance['size_mb']} MB")


if __name__ == '__main__': main()
