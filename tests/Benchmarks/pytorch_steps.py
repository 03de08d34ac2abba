#!/usr/bin/python3
"""PyTorch side of the step benchmark (run with Debian's /usr/bin/python3 and python3-torch 1.13, CPU).

A line-protocol worker driven by `dotnet run --project tests/Benchmarks -c Release -- steps`, which starts one
TorchSharp worker and one of these per thread count and alternates the two case by case, so that both are timed
on one machine at one time. It mirrors Dgdmn.Models (Learner, Vae and their Loss) and Dgdmn.Models.Trainer.Fit
op for op: randperm each epoch, index_select per batch, zero_grad, loss, backward, RMSprop step, loss sum kept as
a tensor and read once per epoch.

Protocol (one request per stdin line, one reply per stdout line):
  run <model> <batch> <steps>      -> "ok <wall_s> <cpu_s> <thread_cpu_s>"  (one Fit-like epoch of <batch>*<steps>
                                      random rows; cpu_s is the process CPU time, which other processes' load barely
                                      moves, thread_cpu_s the calling thread's)
  profile <model> <batch> <steps>  -> "ok <index_s> <forward_s> <backward_s> <optimiser_s>" as wall time, then the same
                                      four as the calling thread's CPU time (per step, medians; the CPU split is exact
                                      at 1 thread, where all work runs on that thread)
  matmul <n> <reps>                -> "ok <wall_s> <cpu_s> <min_wall_s> <min_cpu_s>"  (median and best n x n fp32 matmul)
  check <n> <reps>                 -> "ok <relative_error> <gflops_wall> <gflops_cpu>"  (fp32 matmul against float64)
  linear <m> <k> <n> <reps>        -> "ok <wall_s> <cpu_s>"  (median F.linear of [m, k] by an [n, k] weight)
  op <add|relu|add_> <n> <reps>    -> "ok <wall_s> <cpu_s>"  (median per call of a small op on [n] tensors)
  quit
On start it prints "ready threads=<n> blas=<library> mm1024_ms=<ms> torch=<version>".
"""
import argparse
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

MODELS = {
    # name: (kind, hidden widths, latent)  -- spec §3.1
    "ltm_learner": ("learner", [128, 128], 0),
    "ltm_vae": ("vae", [512, 256], 32),
    "sttm_learner": ("learner", [48], 0),
    "sttm_vae": ("vae", [256], 16),
}
INPUTS, CLASSES = 784, 10


def mlp(widths):
    """Linear layers with ReLU between them (no activation after the last), like Dgdmn.Models.Mlp."""
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Learner(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.net = mlp([INPUTS, *hidden, CLASSES])

    def loss(self, x, y):
        return F.cross_entropy(self.net(x), y)


class Vae(nn.Module):
    def __init__(self, hidden, latent):
        super().__init__()
        self.encoder = mlp([INPUTS, *hidden])
        self.mu = nn.Linear(hidden[-1], latent)
        self.log_var = nn.Linear(hidden[-1], latent)
        self.decoder = mlp([latent, *reversed(hidden), INPUTS])

    def loss(self, x, y=None):
        h = F.relu(self.encoder(x))
        mu, log_var = self.mu(h), self.log_var(h)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        bce = F.binary_cross_entropy_with_logits(self.decoder(z), x, reduction="sum")
        kl = -0.5 * (1 + log_var - mu.pow(2) - log_var.exp()).sum()
        return (bce + kl) / x.shape[0]


def build(name):
    kind, hidden, latent = MODELS[name]
    torch.manual_seed(1)
    return Learner(hidden) if kind == "learner" else Vae(hidden, latent)


def rmsprop(model):
    """A fresh optimiser per call, as Trainer.Fit makes one per training call (spec §2.8)."""
    return torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-8)


_data = {}


def data(name, n):
    key = (name, n)
    if key not in _data:
        _data.clear()
        g = torch.Generator().manual_seed(2)
        x = torch.rand(n, INPUTS, generator=g)
        y = torch.randint(0, CLASSES, (n,), generator=g) if MODELS[name][0] == "learner" else None
        _data[key] = (x, y)
    return _data[key]


_models = {}


def model_for(name):
    if name not in _models:
        _models[name] = build(name)
    return _models[name]


def run(name, batch, steps):
    model = model_for(name)
    n = batch * steps
    x, y = data(name, n)
    model.train()
    start, cpu, thread = time.perf_counter(), time.process_time(), time.thread_time()
    opt = rmsprop(model)
    order = torch.randperm(n)
    total = torch.zeros(1)
    for s in range(0, n, batch):
        index = order.narrow(0, s, min(batch, n - s))
        xb = x.index_select(0, index)
        yb = y.index_select(0, index) if y is not None else None
        opt.zero_grad()
        loss = model.loss(xb, yb)
        loss.backward()
        opt.step()
        with torch.no_grad():
            total.add_(loss.detach() * index.shape[0])
    mean = total.item() / n
    elapsed, cpu, thread = time.perf_counter() - start, time.process_time() - cpu, time.thread_time() - thread
    if mean != mean:
        raise RuntimeError("loss became NaN")
    return elapsed, cpu, thread


def profile(name, batch, steps):
    model = model_for(name)
    opt = rmsprop(model)
    n = batch * steps
    x, y = data(name, n)
    model.train()
    order = torch.randperm(n)
    phases = [[] for _ in range(8)]
    clock = lambda: (time.perf_counter(), time.thread_time())
    for s in range(0, n, batch):
        t0 = clock()
        index = order.narrow(0, s, min(batch, n - s))
        xb = x.index_select(0, index)
        yb = y.index_select(0, index) if y is not None else None
        opt.zero_grad()
        t1 = clock()
        loss = model.loss(xb, yb)
        t2 = clock()
        loss.backward()
        t3 = clock()
        opt.step()
        t4 = clock()
        marks = (t0, t1, t2, t3, t4)
        for i in range(4):
            phases[i].append(marks[i + 1][0] - marks[i][0])
            phases[4 + i].append(marks[i + 1][1] - marks[i][1])
    return [statistics.median(p) for p in phases]


def matmul(n, reps):
    a, b = torch.rand(n, n), torch.rand(n, n)
    a @ b
    walls, cpus = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        a @ b
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), min(walls), min(cpus)


def check(n, reps):
    """fp32 n x n matmul against float64: the largest error relative to the result's scale, and the best GFLOP/s
    of wall time and per CPU second (the latter is what the choice uses: it does not move with other jobs' load).

    OpenBLAS picks its kernels by CPU when it loads (OPENBLAS_CORETYPE overrides that); the steps command starts one
    worker per candidate kernel, asks each for this, and keeps the fastest that is still correct."""
    g = torch.Generator().manual_seed(1)
    a, b = torch.rand(n, n, generator=g), torch.rand(n, n, generator=g)
    exact = a.double() @ b.double()
    error = ((a @ b).double() - exact).abs().max().item() / exact.abs().max().item()
    _, _, best_wall, best_cpu = matmul(n, reps)
    return error, 2.0 * n ** 3 / best_wall / 1e9, 2.0 * n ** 3 / max(best_cpu, 1e-9) / 1e9


def linear(m, k, n, reps):
    """Median seconds of F.linear on [m, k] inputs and an [n, k] weight (the GEMM shape of one Linear layer)."""
    x, w, b = torch.rand(m, k), torch.rand(n, k), torch.rand(n)
    F.linear(x, w, b)
    walls, cpus = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        F.linear(x, w, b)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def op(name, n, reps):
    """Median seconds of one small op on [n] float tensors: framework overhead when n is tiny."""
    a, b = torch.rand(n), torch.rand(n)
    f = {"add": lambda: a.add(b), "relu": lambda: torch.relu(a), "add_": lambda: a.add_(b, alpha=0)}[name]
    f()
    walls, cpus = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        for _ in range(100):
            f()
        walls.append((time.perf_counter() - t) / 100)
        cpus.append((time.process_time() - c) / 100)
    return statistics.median(walls), statistics.median(cpus)


def blas_library():
    """The BLAS shared object this process has mapped (reference libblas or OpenBLAS)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ",".join(sorted(libs)) or "unknown"
    except OSError:
        return "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    mm = matmul(1024, 3)[0]
    print(f"ready threads={torch.get_num_threads()} blas={blas_library()} mm1024_ms={mm * 1000:.1f} "
          f"torch={torch.__version__} omp_wait_policy={os.environ.get('OMP_WAIT_POLICY', 'unset')} "
          f"openblas_coretype={os.environ.get('OPENBLAS_CORETYPE', 'unset')}", flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        try:
            if parts[0] == "quit":
                break
            if parts[0] == "run":
                print("ok %.6f %.6f %.6f" % run(parts[1], int(parts[2]), int(parts[3])), flush=True)
            elif parts[0] == "profile":
                print("ok " + " ".join(f"{v:.7f}" for v in profile(parts[1], int(parts[2]), int(parts[3]))), flush=True)
            elif parts[0] == "linear":
                print("ok %.7f %.7f" % linear(int(parts[1]), int(parts[2]), int(parts[3]), int(parts[4])), flush=True)
            elif parts[0] == "op":
                print("ok %.9f %.9f" % op(parts[1], int(parts[2]), int(parts[3])), flush=True)
            elif parts[0] == "check":
                print("ok %.3e %.3f %.3f" % check(int(parts[1]), int(parts[2])), flush=True)
            elif parts[0] == "matmul":
                print("ok %.6f %.6f %.6f %.6f" % matmul(int(parts[1]), int(parts[2])), flush=True)
            else:
                print(f"error unknown command {parts[0]}", flush=True)
        except Exception as e:  # report, keep serving
            print(f"error {type(e).__name__}: {e}".replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
