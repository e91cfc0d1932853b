"""Kaizen's vision trainer: trains a candidate's PyTorch `Net` on a small image dataset.

It speaks Kaizen's command-trainer protocol (Sources/KaizenTrainer/CommandTrainer.swift):
Kaizen runs `python3 Examples/vision/train.py` in a fresh job folder, in its sandbox, with

  KAIZEN_ARTIFACT  the candidate's code (e.g. net.py), imported here as a module from its path
  KAIZEN_CONFIG    the candidate's config (JSON), read for the `training.*` keys below
  KAIZEN_SEED      the seed for the weights' initialization and the batch order
  KAIZEN_METRICS   where the report is written; the last stdout line is the same JSON object

## The contract for the candidate's code

The file defines a class `Net`, a `torch.nn.Module`, built as `Net(in_shape, num_classes)`:

  in_shape     (channels, height, width), a tuple of ints: (1, 8, 8) for "digits",
               (1, 28, 28) for "fashion-mnist"
  num_classes  10 for both

`forward(x)` takes a float32 tensor of shape (batch, channels, height, width), standardized
to mean 0 and standard deviation 1 over the training split, and returns logits of shape
(batch, num_classes) (no softmax: the loss is `nn.CrossEntropyLoss`). The batch size varies
(the last batch is smaller; shapes are checked on a batch of 2 first). The module may import
torch, math and the standard library; it runs on the CPU with one thread, with no network.
Anything else it needs must be defined in the same file.

## Config keys (all optional; nested `{"training": {"epochs": 1}}` or flat `"training.epochs"`)

  training.dataset         "digits" (default): scikit-learn's 8x8 digits, 1,797 images, shipped
                           inside scikit-learn; split once, stratified, 75% train / 25% test,
                           with a fixed seed (the same split for every candidate and seed).
                           "fashion-mnist": Zalando's 28x28 Fashion-MNIST, 60,000 train and
                           10,000 test images, from Debian's `dataset-fashion-mnist` package
                           (/usr/share/datasets/fashion-mnist; `training.data_dir` overrides).
  training.epochs          1
  training.lr              0.03    SGD learning rate
  training.momentum        0.9
  training.weight_decay    0.0
  training.batch_size      32
  training.train_examples  all     use only this many training images (a fixed seeded subset)

Nothing is downloaded. Seeding is deterministic: the same code, config and KAIZEN_SEED give the
same numbers on the same torch build.

## Output

One JSON object (the file at KAIZEN_METRICS and the last line of stdout):

  {"metrics": {"accuracy": top-1 accuracy on the test split, "test_loss": ..., "train_loss":
   the last epoch's mean, "train_seconds": ..., "train_examples_per_s": ...},
   "parameters": trainable parameter count, "inference_flops": per image (conv and linear
   layers), "wall_seconds": the whole run, "curve": [{"epoch": 1, "train_loss": ...,
   "validation_loss": test loss after the epoch}, ...]}

A problem with the candidate's code (it does not import, defines no `Net`, cannot be built,
fails in `forward`, returns the wrong shape, has no trainable parameter) is reported as one
line `vision-trainer: error: ...` (after the traceback, so it ends stderr), with exit status 3; a bad
config or missing dataset exits with 2. A NaN or infinite loss stops training and is reported
in the curve (Kaizen then fails the run as a non-finite loss).

Works with torch 1.13 (Debian 12's python3-torch) and torch 2.x.
"""
import os

# Before numpy and torch load their thread pools: the sandbox clears the environment.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import gzip
import importlib.util
import json
import math
import sys
import time
import traceback

START = time.time()

PROGRAM = "vision-trainer"
DEFAULT_FASHION_DIR = "/usr/share/datasets/fashion-mnist"
EXIT_CONFIG = 2
EXIT_CANDIDATE = 3


class CandidateError(Exception):
    """The candidate's code is at fault."""


class ConfigError(Exception):
    """The config or the environment is at fault."""


def fail(code, message, with_traceback=False):
    if with_traceback:
        # The traceback first and the one-line message last: Kaizen journals the END of
        # stderr as the failure's reason, so the message must be what ends it.
        lines = traceback.format_exc().splitlines()
        print("\n".join(lines[-25:]), file=sys.stderr)
    print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    sys.stderr.flush()
    sys.exit(code)


def setting(config, key, default):
    """`training.<key>` from a nested object or a flat dotted key."""
    training = config.get("training")
    if isinstance(training, dict) and key in training:
        return training[key]
    return config.get("training." + key, default)


def number(config, key, default, kind, low=None):
    value = setting(config, key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"training.{key} must be a number, not {value!r}")
    if kind is int:
        if float(value) != int(value):
            raise ConfigError(f"training.{key} must be an integer, not {value!r}")
        value = int(value)
    else:
        value = float(value)
    if not math.isfinite(value) or (low is not None and value < low):
        raise ConfigError(f"training.{key} must be at least {low}, not {value!r}")
    return value


# MARK: data


def stratified_split(labels, test_fraction, seed, np):
    """Indices (train, test): each class split test_fraction / rest, with a fixed RandomState
    (whose stream numpy keeps stable across versions)."""
    rng = np.random.RandomState(seed)
    train, test = [], []
    for label in np.unique(labels):
        idx = np.flatnonzero(labels == label)
        idx = idx[rng.permutation(len(idx))]
        n_test = int(round(len(idx) * test_fraction))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    train = np.concatenate(train)
    test = np.concatenate(test)
    return train[rng.permutation(len(train))], np.sort(test)


def load_digits(np):
    try:
        from sklearn.datasets import load_digits as sk_load_digits
    except ImportError as error:
        raise ConfigError(f"the digits dataset needs scikit-learn (apt-get install python3-sklearn): {error}")
    bunch = sk_load_digits()
    images = bunch.images.astype(np.float32) / 16.0  # (1797, 8, 8), pixel values 0..16
    labels = bunch.target.astype(np.int64)
    train, test = stratified_split(labels, 0.25, 20240601, np)
    x = images[:, None, :, :]
    return x[train], labels[train], x[test], labels[test]


def read_idx(path, np):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ConfigError(f"{path} is not an IDX file of unsigned bytes")
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    if array.size != int(np.prod(shape)):
        raise ConfigError(f"{path} holds {array.size} values, not {shape}")
    return array.reshape(shape)


def load_fashion_mnist(directory, np):
    files = {
        "train_x": "train-images-idx3-ubyte.gz", "train_y": "train-labels-idx1-ubyte.gz",
        "test_x": "t10k-images-idx3-ubyte.gz", "test_y": "t10k-labels-idx1-ubyte.gz",
    }
    paths = {k: os.path.join(directory, v) for k, v in files.items()}
    missing = [p for p in paths.values() if not os.path.isfile(p)]
    if missing:
        raise ConfigError(
            f"Fashion-MNIST is not in {directory} (missing {', '.join(os.path.basename(p) for p in missing)}): "
            "apt-get install dataset-fashion-mnist, or set training.data_dir")
    arrays = {k: read_idx(p, np) for k, p in paths.items()}
    train_x = arrays["train_x"].astype(np.float32)[:, None, :, :] / 255.0
    test_x = arrays["test_x"].astype(np.float32)[:, None, :, :] / 255.0
    return train_x, arrays["train_y"].astype(np.int64), test_x, arrays["test_y"].astype(np.int64)


def load_dataset(config, np):
    name = setting(config, "dataset", "digits")
    if name == "digits":
        train_x, train_y, test_x, test_y = load_digits(np)
    elif name in ("fashion-mnist", "fashion_mnist"):
        directory = setting(config, "data_dir", DEFAULT_FASHION_DIR)
        if not isinstance(directory, str) or not directory:
            raise ConfigError(f"training.data_dir must be a folder path, not {directory!r}")
        train_x, train_y, test_x, test_y = load_fashion_mnist(directory, np)
    else:
        raise ConfigError(f"training.dataset {name!r} is not one of \"digits\", \"fashion-mnist\"")
    limit = setting(config, "train_examples", None)
    if limit is not None:
        limit = number(config, "train_examples", None, int, low=1)
        if limit < len(train_y):
            keep = np.sort(np.random.RandomState(7).permutation(len(train_y))[:limit])
            train_x, train_y = train_x[keep], train_y[keep]
    mean, std = float(train_x.mean()), float(train_x.std())
    train_x = (train_x - mean) / std
    test_x = (test_x - mean) / std
    return name, train_x.astype(np.float32), train_y, test_x.astype(np.float32), test_y, 10


# MARK: the candidate


def import_candidate(path):
    if not path:
        raise ConfigError("KAIZEN_ARTIFACT is not set: the job has no code artifact (the candidate's Net)")
    if not os.path.isfile(path):
        raise ConfigError(f"the code artifact {path} does not exist")
    name = "kaizen_candidate"
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise CandidateError(f"{os.path.basename(path)} cannot be loaded as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except CandidateError:
        raise
    except SyntaxError as error:
        raise CandidateError(f"{os.path.basename(path)} is not valid Python: line {error.lineno}: {error.msg}") from error
    except (Exception, SystemExit) as error:
        raise CandidateError(f"importing {os.path.basename(path)} failed: {type(error).__name__}: {error}") from error
    return module


def build_net(module, file_name, in_shape, num_classes, torch):
    net_class = getattr(module, "Net", None)
    if net_class is None:
        raise CandidateError(f"{file_name} defines no class named Net (it must define `class Net(nn.Module)`)")
    if not (isinstance(net_class, type) and issubclass(net_class, torch.nn.Module)):
        raise CandidateError(f"{file_name}: Net must be a subclass of torch.nn.Module, not {net_class!r}")
    try:
        model = net_class(in_shape, num_classes)
    except (Exception, SystemExit) as error:
        raise CandidateError(f"Net({in_shape!r}, {num_classes}) failed: {type(error).__name__}: {error}") from error
    if not isinstance(model, torch.nn.Module):
        raise CandidateError(f"Net(...) returned {type(model).__name__}, not a torch.nn.Module")
    return model


def check_output(output, batch, num_classes, torch, where):
    if not isinstance(output, torch.Tensor):
        raise CandidateError(f"Net.forward returned {type(output).__name__} {where}; it must return a tensor of logits "
                             f"of shape (batch, {num_classes})")
    if tuple(output.shape) != (batch, num_classes):
        raise CandidateError(f"Net.forward returned shape {tuple(output.shape)} {where}; expected ({batch}, {num_classes}): "
                             f"one logit per class for each image")
    if not output.dtype.is_floating_point:
        raise CandidateError(f"Net.forward returned {output.dtype} {where}; logits must be floating point")


def count_flops(model, sample, torch):
    """Multiply-adds x 2 of the Conv and Linear layers for one image (a floor: other layers are
    not counted). None when the hooks cannot be used."""
    nn = torch.nn
    total = [0]

    def conv_hook(module, inputs, output):
        kernel = 1
        for k in module.kernel_size:
            kernel *= k
        total[0] += 2 * output.numel() * (module.in_channels // module.groups) * kernel

    def linear_hook(module, inputs, output):
        total[0] += 2 * output.numel() * module.in_features

    handles = []
    try:
        for m in model.modules():
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
                handles.append(m.register_forward_hook(conv_hook))
            elif isinstance(m, nn.Linear):
                handles.append(m.register_forward_hook(linear_hook))
        was_training = model.training
        model.eval()
        with torch.no_grad():
            model(sample)
        model.train(was_training)
        return float(total[0]) / sample.shape[0]
    except Exception:
        return None
    finally:
        for h in handles:
            h.remove()


# MARK: training


def evaluate(model, x, y, num_classes, torch, batch_size=512):
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for b in range(0, len(y), batch_size):
            xb, yb = x[b:b + batch_size], y[b:b + batch_size]
            out = model(xb)
            check_output(out, len(yb), num_classes, torch, f"in evaluation (batch of {len(yb)})")
            loss_sum += torch.nn.functional.cross_entropy(out.float(), yb, reduction="sum").item()
            correct += (out.argmax(dim=1) == yb).sum().item()
    model.train()
    return loss_sum / len(y), correct / len(y)


def main():
    try:
        with open(os.environ["KAIZEN_CONFIG"]) as f:
            config = json.load(f)
    except KeyError:
        fail(EXIT_CONFIG, "KAIZEN_CONFIG is not set: run this under Kaizen's command trainer")
    except (OSError, ValueError) as error:
        fail(EXIT_CONFIG, f"cannot read the config: {error}")
    if not isinstance(config, dict):
        fail(EXIT_CONFIG, "the config is not a JSON object")
    seed_text = os.environ.get("KAIZEN_SEED", "1")
    try:
        seed = int(seed_text)
    except ValueError:
        fail(EXIT_CONFIG, f"KAIZEN_SEED {seed_text!r} is not an integer")

    try:
        epochs = number(config, "epochs", 1, int, low=1)
        lr = number(config, "lr", 0.03, float, low=0.0)
        momentum = number(config, "momentum", 0.9, float, low=0.0)
        weight_decay = number(config, "weight_decay", 0.0, float, low=0.0)
        batch_size = number(config, "batch_size", 32, int, low=1)
    except ConfigError as error:
        fail(EXIT_CONFIG, str(error))

    import numpy as np
    import torch

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(seed % (1 << 64))
    np.random.seed(seed % (1 << 32))
    import random
    random.seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)

    try:
        dataset, train_x, train_y, test_x, test_y, num_classes = load_dataset(config, np)
    except ConfigError as error:
        fail(EXIT_CONFIG, str(error))
    train_x, train_y = torch.from_numpy(train_x), torch.from_numpy(train_y)
    test_x, test_y = torch.from_numpy(test_x), torch.from_numpy(test_y)
    in_shape = tuple(int(d) for d in train_x.shape[1:])

    artifact = os.environ.get("KAIZEN_ARTIFACT", "")
    file_name = os.path.basename(artifact) or "the artifact"
    try:
        module = import_candidate(artifact)
        # Seed again so that the weights depend on the seed only, not on what the import drew.
        torch.manual_seed(seed % (1 << 64))
        model = build_net(module, file_name, in_shape, num_classes, torch)
        params = [p for p in model.parameters() if p.requires_grad]
        parameters = sum(p.numel() for p in params)
        if parameters == 0:
            raise CandidateError("Net has no trainable parameters")
        model.train()
        try:
            model.eval()
            with torch.no_grad():
                probe = model(train_x[:2])
            model.train()
        except (Exception, SystemExit) as error:
            raise CandidateError(f"Net.forward failed on a batch of shape {tuple(train_x[:2].shape)}: "
                                 f"{type(error).__name__}: {error}") from error
        check_output(probe, 2, num_classes, torch, f"for input of shape {tuple(train_x[:2].shape)}")
        flops = count_flops(model, train_x[:1], torch)
    except ConfigError as error:
        fail(EXIT_CONFIG, str(error))
    except CandidateError as error:
        fail(EXIT_CANDIDATE, str(error), with_traceback=True)

    optimizer = torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator()
    generator.manual_seed(seed % (1 << 64))
    n = len(train_y)
    curve = []
    train_seconds = 0.0
    train_loss = float("nan")
    test_loss, accuracy = float("nan"), 0.0
    try:
        for epoch in range(1, epochs + 1):
            t0 = time.time()
            order = torch.randperm(n, generator=generator)
            loss_sum, seen, finite = 0.0, 0, True
            for b in range(0, n, batch_size):
                idx = order[b:b + batch_size]
                xb, yb = train_x[idx], train_y[idx]
                try:
                    out = model(xb)
                except (Exception, SystemExit) as error:
                    raise CandidateError(f"Net.forward failed in training (epoch {epoch}, batch of {len(idx)}): "
                                         f"{type(error).__name__}: {error}") from error
                check_output(out, len(idx), num_classes, torch, f"in training (batch of {len(idx)})")
                loss = loss_fn(out.float(), yb)
                value = loss.item()
                if not math.isfinite(value):
                    finite = False
                    loss_sum = float("nan")
                    break
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                loss_sum += value * len(idx)
                seen += len(idx)
            train_seconds += time.time() - t0
            train_loss = loss_sum / max(seen, 1) if finite else float("nan")
            try:
                test_loss, accuracy = evaluate(model, test_x, test_y, num_classes, torch)
            except (Exception, SystemExit) as error:
                if isinstance(error, CandidateError):
                    raise
                raise CandidateError(f"Net.forward failed in evaluation: {type(error).__name__}: {error}") from error
            curve.append({"epoch": epoch, "train_loss": train_loss, "validation_loss": test_loss})
            print(f"epoch {epoch}/{epochs} train_loss {train_loss:.4f} test_loss {test_loss:.4f} "
                  f"accuracy {accuracy:.4f} ({time.time() - t0:.1f} s)", file=sys.stderr)
            if not finite:
                break
    except CandidateError as error:
        fail(EXIT_CANDIDATE, str(error), with_traceback=True)

    metrics = {
        "accuracy": accuracy,
        "train_seconds": train_seconds,
        "train_examples_per_s": n * len(curve) / train_seconds if train_seconds > 0 else 0.0,
    }
    # A diverged run keeps its NaN losses in the curve only, so that Kaizen names the epoch.
    for name, value in (("test_loss", test_loss), ("train_loss", train_loss)):
        if math.isfinite(value):
            metrics[name] = value
    result = {
        "metrics": metrics,
        "curve": curve,
        "parameters": int(parameters),
        "wall_seconds": time.time() - START,
        "dataset": dataset,
        "torch": torch.__version__,
    }
    if flops is not None:
        result["inference_flops"] = flops
    text = json.dumps(result)
    metrics_path = os.environ.get("KAIZEN_METRICS")
    if metrics_path:
        with open(metrics_path, "w") as f:
            f.write(text + "\n")
    print(text, flush=True)


if __name__ == "__main__":
    main()
