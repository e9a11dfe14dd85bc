"""Check colornb-app as a person uses it: start the command, open the page in headless Chromium, drop a gray photo
and a file that is not a photo, wait for the result, download it, check its size, that it is in color and that the
page names the bad file, save a screenshot, then set saturation to 0 and check that the new download is gray.

    python tools/app_check.py [--chromium /usr/bin/chromium] [--screenshot nbs/images/app.png]

Chromium is Debian's (`apt-get install chromium`), driven by Playwright (`pip install playwright`, no browser
download). Exit status: 0 passed, 1 failed, 3 skipped because Chromium or Playwright is missing (said on stdout).
"""
import argparse, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = 3
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync']  # this machine's network is closed: no calls home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def wait_for(url:str, proc:subprocess.Popen, timeout:float=120):
    start = time.time()
    while time.time() - start < timeout:
        if proc.poll() is not None: raise RuntimeError(f'colornb-app ended with status {proc.returncode}')
        try:
            with urllib.request.urlopen(url, timeout=2): return
        except OSError: time.sleep(0.5)
    raise TimeoutError(f'colornb-app did not answer at {url} in {timeout:.0f} s')


def stop(proc:subprocess.Popen) -> str:
    "Stop `proc` as `kill` does (SIGTERM) and return what it printed."
    if proc.returncode is None: proc.terminate()
    try: return proc.communicate(timeout=30)[0] or ''
    except (subprocess.TimeoutExpired, ValueError): proc.kill(); return ''


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--chromium', default=shutil.which('chromium') or '/usr/bin/chromium')
    p.add_argument('--screenshot', default=str(ROOT/'nbs'/'images'/'app.png'))
    args = p.parse_args()
    if not Path(args.chromium).exists():
        print(f'app check SKIPPED: no Chromium at {args.chromium} (apt-get install chromium)'); return SKIPPED
    try: from playwright.sync_api import sync_playwright
    except ImportError: print('app check SKIPPED: Playwright is not installed (pip install playwright)'); return SKIPPED
    import numpy as np
    from PIL import Image
    from skimage import data as skdata
    from colornb.color import rgb_to_lab, chroma
    from colornb.infer import to_tensor

    work = Path(tempfile.mkdtemp(prefix='colornb-app-check-'))
    photo, bad = work/'astronaut.jpg', work/'notes.jpg'
    Image.fromarray(skdata.astronaut()).convert('L').save(photo, quality=95)
    bad.write_text('not a photo')
    port = free_port()
    url = f'http://127.0.0.1:{port}/'
    app = subprocess.Popen([str(Path(sys.executable).parent/'colornb-app'), '--port', str(port)], cwd=work, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, TMPDIR=str(work)))
    try:
        wait_for(url, app)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={'width': 1280, 'height': 1000}, accept_downloads=True)
            page.goto(url)
            started = time.time()
            page.locator('#photos input[type=file]').set_input_files([str(photo), str(bad)])
            link = page.locator('#downloads a').first
            link.wait_for(timeout=120_000)
            page.locator('.colornb-result img').first.wait_for(timeout=60_000)
            seconds = time.time() - started
            message = page.locator('#messages').inner_text()
            with page.expect_download() as dl: link.click()
            out = work/'downloaded.png'
            dl.value.save_as(out)
            page.wait_for_timeout(500)
            Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=args.screenshot, full_page=True)
            first = link.get_attribute('href')  # the saturation slider's box set to 0: a new, gray download follows
            box = page.get_by_label('number input for Saturation')
            box.fill('0'); box.press('Enter')
            page.wait_for_function(f"() => {{ const a = document.querySelector('#downloads a'); return a && a.href && a.href !== {first!r}; }}",
                                   timeout=60_000)
            with page.expect_download() as dl: page.locator('#downloads a').first.click()
            gray_out = work/'downloaded_s0.png'
            dl.value.save_as(gray_out)
            browser.close()
        stop(app)
        leftovers = [p.name for p in work.iterdir() if p.name.startswith('colornb-app-')]
        result, at_zero = Image.open(out), Image.open(gray_out)
        mean_chroma, zero_chroma = (chroma(rgb_to_lab(to_tensor(im))).mean().item() for im in (result, at_zero))
        checks = {f'size {result.size} is the photo\'s {Image.open(photo).size}': result.size == Image.open(photo).size,
                  f'in color (mean chroma {mean_chroma:.1f} > 3)': mean_chroma > 3,
                  f'the page names the bad file ({message.strip()!r})': 'notes.jpg is not an image' in message,
                  f'saturation 0 on the slider gives a gray download (mean chroma {zero_chroma:.2f} < 0.5), same size':
                      zero_chroma < 0.5 and at_zero.size == result.size,
                  'colornb-app, stopped, removed its temporary folder': not leftovers}
        for what, ok in checks.items(): print(f"{'ok  ' if ok else 'FAIL'} {what}")
        print(f'result on the page {seconds:.1f} s after the drop; screenshot → {os.path.relpath(args.screenshot)}')
        print('app check ' + ('passed' if all(checks.values()) else 'FAILED'))
        return 0 if all(checks.values()) else 1
    except Exception as e:
        print(f'app check FAILED: {type(e).__name__}: {e}')
        return 1
    finally:
        log = stop(app)
        if os.environ.get('APP_CHECK_LOG'): print(log)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__': sys.exit(main())
