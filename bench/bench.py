#!/usr/bin/env python3
"""Hls4ml.Sdk benchmarks. Each measurement is printed next to a baseline run in the same process, as a ratio.

  python3 bench/bench.py [--runs N]

Needs a built SDK (dotnet build Hls4ml.sln) and ../shared (KERAS_3layer); uses the jet_tagger sample otherwise.
Measures:
  1. CSim compile of the generated KERAS_3layer project (the two translation units compiled concurrently and linked,
     exactly as the CSim task does) vs compiling an empty C++ file (host compiler start-up);
  2. predicting 1000 rows with the compiled simulation vs starting /bin/true (process start-up);
  3. a no-op `dotnet build` of a built .hlsproj vs a no-op build of an empty Microsoft.Build.NoTargets project;
  4. the large Dense model (16→500×5→5, tests/fixtures/large_dense/generate_large_dense.py; Strategy Resource, RF 500,
     RF 16 for the input layer) vs the small model above at its defaults: HlsConvert time, HlsGenerate time, generated
     project size on disk, and peak memory (RSS of the MSBuild process, which runs the tasks in-process here).
     `--large-only` runs just this measurement.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
WORK = os.path.join(ROOT, "artifacts", "bench")
ENV = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0", DOTNET_NOLOGO="1", MSBUILDTERMINALLOGGER="off")


def timed(fn, runs):
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), min(samples), max(samples)


def run(cmd, cwd=None):
    r = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{r.stdout[-3000:]}")
    return r.stdout


def write_project(name, model_items, test_items, properties=""):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{name}.hlsproj"), "w") as f:
        f.write(f"""<Project Sdk="Hls4ml.Sdk">
  <PropertyGroup><HlsProjectName>myproject</HlsProjectName>{properties}</PropertyGroup>
  <ItemGroup>
    {model_items}
    {test_items}
  </ItemGroup>
</Project>
""")
    return d


def report(label, value, base, unit="s", target=None):
    extra = f"  target <= {target} {unit}: {'met' if value[0] <= target else 'NOT met'}" if target else ""
    print(f"{label:<44} {value[0]:8.3f} {unit} [{value[1]:.3f}-{value[2]:.3f}]  baseline {base[0]:8.3f} {unit}  ratio {value[0] / base[0]:6.2f}x{extra}")


# Runs a command and prints the largest resident set size among its (waited-for) descendants, in kB.
PEAK_RSS = """import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
sys.stdout.write(r.stdout)
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(r.returncode)
"""


def measured(cmd, cwd, prepare, runs):
    """(time, peak MB) summaries over runs (after a warm-up); prepare() runs untimed before each run."""
    times, peaks = [], []
    for i in range(runs + 1):
        prepare()
        t = time.perf_counter()
        out = run([sys.executable, "-c", PEAK_RSS, *cmd], cwd=cwd)
        if i:  # the first run is the warm-up
            times.append(time.perf_counter() - t)
            peaks.append(int(re.search(r"PEAK_RSS_KB (\d+)", out).group(1)) / 1024)
    summary = lambda v: (statistics.median(v), min(v), max(v))
    return summary(times), summary(peaks)


def tree_size_mb(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files) / 1e6


def convert_and_generate(name, model_items, properties, runs):
    """HlsConvert and HlsGenerate of one project, each forced to rerun, as (convert, generate, size MB)."""
    proj = write_project(name, model_items, "", properties)
    hlsproj = f"{name}.hlsproj"
    run(["dotnet", "restore", hlsproj], cwd=proj)

    def clean():
        for d in ("obj", "bin"):
            shutil.rmtree(os.path.join(proj, d), ignore_errors=True)

    def stale_project():
        shutil.rmtree(os.path.join(proj, "bin"), ignore_errors=True)  # the IR in obj/ stays, so only generation reruns

    # Tasks run inside the MSBuild process (no task host), so that process's peak RSS includes the pipeline's.
    build = ["dotnet", "msbuild", hlsproj, "-nologo", "-p:HlsCSimOnBuild=false", "-p:Hls4mlUseTaskHost=false"]
    convert = measured(build + ["-t:HlsConvert"], proj, clean, runs)
    generate = measured(build + ["-t:HlsGenerate"], proj, stale_project, runs)
    return convert, generate, tree_size_mb(os.path.join(proj, "bin", f"{name}_hls"))


def bench_large_model(model, label, runs):
    gen_dir = os.path.join(WORK, "large_dense_model")
    run(["/usr/bin/python3", os.path.join(ROOT, "tests", "fixtures", "large_dense", "generate_large_dense.py"), gen_dir])
    large = (f'<HlsModel Include="{gen_dir}/large_dense.json" Weights="{gen_dir}/large_dense_weights.h5" />'
             '\n    <HlsLayerConfig Include="dense" ReuseFactor="16" />')
    resource = "<HlsStrategy>Resource</HlsStrategy><HlsReuseFactor>500</HlsReuseFactor>"
    small_convert, small_generate, small_size = convert_and_generate("small", model, "", runs)
    large_convert, large_generate, large_size = convert_and_generate("large", large, resource, runs)
    report("large Dense: HlsConvert (wall)", large_convert[0], small_convert[0])
    report("large Dense: HlsGenerate (wall)", large_generate[0], small_generate[0])
    report("large Dense: generated project size", (large_size,) * 3, (small_size,) * 3, unit="MB")
    report("large Dense: peak memory, HlsConvert", large_convert[1], small_convert[1], unit="MB")
    report("large Dense: peak memory, HlsGenerate", large_generate[1], small_generate[1], unit="MB")
    print(f"  (baseline: {label} at its defaults; large: Strategy Resource, RF 500, RF 16 for the 16->500 layer)")


def compile_csim(prj, out):
    """Compiles a generated project as CSimRunner does (two translation units concurrently, then link)."""
    flags = ["-std=c++17", "-O1", "-fno-strict-aliasing", "-I", os.path.join(prj, "firmware"), "-I", os.path.join(prj, "firmware", "ap_types"),
             f'-DWEIGHTS_DIR="{os.path.join(prj, "firmware", "weights")}"']
    units = [os.path.join(prj, "myproject_test.cpp"), os.path.join(prj, "firmware", "myproject.cpp")]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda iu: run(["g++", *flags, "-c", iu[1], "-o", os.path.join(out, f"u{iu[0]}.o")]), enumerate(units)))
    run(["g++", os.path.join(out, "u0.o"), os.path.join(out, "u1.o"), "-o", os.path.join(out, "sim")])
    return os.path.join(out, "sim")


def bench_stream(runs):
    """io_stream against io_parallel for the CNN sample: the cost of streams, line buffers and clones in C simulation."""
    sample = os.path.join(ROOT, "samples", "cnn_classifier")
    model = f'<HlsModel Include="{sample}/model.json" Weights="{sample}/model_weights.h5" />'
    rows = open(os.path.join(sample, "input.dat")).read().splitlines()
    rows = (rows * (1000 // max(len(rows), 1) + 1))[:1000]
    results = {}
    for io in ("io_parallel", "io_stream"):
        proj = write_project(f"cnn_{io}", model, "", f"<HlsIOType>{io}</HlsIOType>")
        run(["dotnet", "build", f"cnn_{io}.hlsproj"], cwd=proj)
        prj = os.path.join(proj, "bin", f"cnn_{io}_hls")
        out = tempfile.mkdtemp()
        inp = os.path.join(out, "in.dat")
        open(inp, "w").write("\n".join(rows) + "\n")
        compile_time = timed(lambda: compile_csim(prj, out), runs)
        sim = os.path.join(out, "sim")
        predict = timed(lambda: run([sim, inp, os.path.join(out, "res.dat")], cwd=prj), runs)
        results[io] = (compile_time, predict, open(os.path.join(out, "res.dat")).read())
    report("CSim compile, cnn_classifier io_stream", results["io_stream"][0], results["io_parallel"][0])
    report("predict 1000 rows, cnn_classifier io_stream", results["io_stream"][1], results["io_parallel"][1])
    same = results["io_stream"][2] == results["io_parallel"][2]
    print(f"  (baseline: the same model in io_parallel; predictions {'bit-identical' if same else 'DIFFER'})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--large-only", action="store_true", help="only measurement 4 (the large Dense model)")
    ap.add_argument("--stream-only", action="store_true", help="only measurement 5 (io_stream vs io_parallel)")
    args = ap.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)

    k3 = os.path.join(SHARED, "models", "example-models", "keras")
    fixture = os.path.join(SHARED, "fixtures", "hls4ml-csim", "KERAS_3layer")
    if os.path.isdir(k3) and os.path.isdir(fixture):
        model = f'<HlsModel Include="{k3}/KERAS_3layer.json" Weights="{k3}/KERAS_3layer_weights.h5" />'
        data = os.path.join(fixture, "input.dat")
        label = "KERAS_3layer"
    else:
        s = os.path.join(ROOT, "samples", "jet_tagger")
        model = f'<HlsModel Include="{s}/model.json" Weights="{s}/model_weights.h5" />'
        data = os.path.join(s, "input.dat")
        label = "jet_tagger"
    if args.large_only:
        bench_large_model(model, label, args.runs)
        return
    if args.stream_only:
        bench_stream(args.runs)
        return
    proj = write_project("model", model, f'<HlsTestData Include="{data}" />')
    run(["dotnet", "build", "model.hlsproj"], cwd=proj)
    prj = os.path.join(proj, "bin", "model_hls")

    # 1. compile, as CSimRunner does it
    out = tempfile.mkdtemp()

    def compile_project():
        compile_csim(prj, out)

    empty = os.path.join(out, "empty.cpp")
    open(empty, "w").write("int main() { return 0; }\n")
    base_compile = timed(lambda: run(["g++", "-O1", "-c", empty, "-o", os.path.join(out, "e.o")]), args.runs)
    report(f"CSim compile ({label})", timed(compile_project, args.runs), base_compile, target=1.5)

    # 2. predict 1000 rows
    rows = open(data).read().splitlines()
    rows = (rows * (1000 // max(len(rows), 1) + 1))[:1000]
    inp = os.path.join(out, "in.dat")
    open(inp, "w").write("\n".join(rows) + "\n")
    sim = os.path.join(out, "sim")
    predict = timed(lambda: run([sim, inp, os.path.join(out, "res.dat")], cwd=prj), args.runs)
    base_start = timed(lambda: run(["/bin/true"]), args.runs)
    report("simulation process, 1000 rows (wall)", predict, base_start)
    # The simulation's own CPU time for parsing, inference and writing (what hls4ml's predict() measures).
    import re
    reported = []
    for _ in range(args.runs):
        text = run([sim, inp, os.path.join(out, "res.dat")], cwd=prj)
        reported.append(float(re.search(r"samples in ([0-9.]+) ms", text).group(1)) / 1000)
    one_row = os.path.join(out, "one.dat")
    open(one_row, "w").write(rows[0] + "\n")
    base_one = []
    for _ in range(args.runs):
        text = run([sim, one_row, os.path.join(out, "res1.dat")], cwd=prj)
        base_one.append(float(re.search(r"samples in ([0-9.]+) ms", text).group(1)) / 1000)
    rep = (statistics.median(reported), min(reported), max(reported))
    base1 = (max(statistics.median(base_one), 1e-6), min(base_one), max(base_one))
    report("predict 1000 rows (simulation's own time)", rep, base1, target=0.015)

    # 3. no-op builds
    notargets = os.path.join(WORK, "notargets")
    os.makedirs(notargets)
    open(os.path.join(notargets, "floor.proj"), "w").write(
        '<Project Sdk="Microsoft.Build.NoTargets/3.7.0"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n')
    run(["dotnet", "build", "floor.proj"], cwd=notargets)
    base_noop = timed(lambda: run(["dotnet", "build", "floor.proj"], cwd=notargets), args.runs)
    ours_noop = timed(lambda: run(["dotnet", "build", "model.hlsproj"], cwd=proj), args.runs)
    report("no-op dotnet build of a built .hlsproj", ours_noop, base_noop)

    # 4. the large Dense model
    bench_large_model(model, label, args.runs)

    # 5. io_stream vs io_parallel
    bench_stream(args.runs)


if __name__ == "__main__":
    main()
