using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hls4ml.Config;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Fuzz;

/// <summary>
/// Mutation fuzzing of every model format through convert + generate (library API). Seeds are committed fixtures;
/// each input i is derived from (HLS4ML_FUZZ_SEED, i) alone, so any failure reproduces from its index. Contract:
/// every bad input ends in an <see cref="HlsException"/> whose code is not HLS9999 and whose diagnostic names one of
/// the input files; nothing else is thrown, nothing hangs, no temporary file is left behind.
/// Budget: HLS4ML_FUZZ_COUNT inputs (default 300) or HLS4ML_FUZZ_SECONDS (default 60), whichever ends first
/// (0 = no limit); docs/fuzzing.md describes long runs.
/// </summary>
[TestClass]
public sealed class ModelFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>A seed model: format label, model file and optional weights file (relative to tests/fixtures).</summary>
    internal sealed record Seed(string Format, string Model, string? Weights = null, string? Companion = null);

    internal static readonly Seed[] Seeds =
    {
        new("keras-json", "keras/dense_relu_softmax.json", "keras/dense_relu_softmax_weights.h5"),
        new("keras-json", "layers/cnn/cnn_mixed.json", "layers/cnn/cnn_mixed_weights.h5"),
        new("keras-json", "layers/merge/merge_branches.json", "layers/merge/merge_branches_weights.h5"),
        new("keras-json", "layers/activations/batchnorm.json", "layers/activations/batchnorm_weights.h5"),
        new("keras-json", "layers/cnn/sepconv2d.json", "layers/cnn/sepconv2d_weights.h5"),
        new("keras-json", "layers/activations/activations_tfjs.json", "layers/activations/activations_tfjs_weights.h5"),
        new("keras-json", "layers/merge/multi_io.json", "layers/merge/multi_io_weights.h5"),
        new("keras-json", "layers/cnn/depthwise1d_multiplier.json", "layers/cnn/depthwise1d_multiplier_weights.h5"),
        new("keras-json", "layers/cnn/zeropad2d.json", "layers/cnn/zeropad2d_weights.h5"),
        new("keras-h5", "keras/functional_mlp.h5"),
        new("keras-h5", "keras/model_class_mlp.h5"),
        new("keras3", "keras3/sequential_mlp.keras"),
        new("keras3", "keras3/functional_add.keras"),
        new("keras3", "layers/cnn/cnn_mixed.keras"),
        new("keras3", "layers/cnn/sepconv2d.keras"),
        new("keras3", "layers/cnn/reshape_conv.keras"),
        new("keras3", "layers/cnn/permute2d.keras"),
        new("keras3", "keras3/hard_sigmoid_v3.keras"),
        new("onnx", "onnx/mlp_gemm.onnx"),
        new("onnx", "onnx/conv2d_bn.onnx"),
        new("onnx", "onnx/shapes.onnx"),
        new("onnx", "onnx/pad_upsample.onnx"),
        new("onnx", "onnx/select.onnx"),
        new("onnx", "onnx/clip_reduce_opset9.onnx"),
        new("onnx", "onnx/depthwise.onnx"),
        new("onnx", "onnx/pooling.onnx"),
        new("onnx", "onnx/conv1d.onnx"),
        new("onnx", "onnx/arithmetic.onnx"),
        new("onnx", "onnx/misc_opset11.onnx"),
        new("onnx", "onnx/softmax_channels.onnx"),
        new("onnx", "onnx/mlp_external.onnx", Companion: "onnx/mlp_external.weights.bin"),
        new("onnx", "quantization/qonnx_dense.onnx"),
        new("keras-h5", "quantization/hgq_synthetic_proxy.h5"),
    };

    internal static readonly string[] Formats = Seeds.Select(s => s.Format).Distinct().ToArray();

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    [TestMethod]
    public void SeedsConvertAndGenerateUnmutated()
    {
        var runner = new FuzzRunner(TestPaths.NewTempDir("fuzz-seeds"));
        foreach (var seed in Seeds)
        {
            var outcome = runner.Run(FuzzCase.Unmutated(seed));
            Assert.AreEqual("ok", outcome.Kind, $"{seed.Model}: {outcome.Detail}");
        }
    }

    [TestMethod]
    public void InputsAreReproducibleFromTheirIndex()
    {
        // The mix is fixed arithmetic (a per-process hash would give other inputs in every run).
        Assert.AreEqual(MixOf17And3, FuzzCase.Mix(17, 3));
        Assert.AreNotEqual(FuzzCase.Mix(17, 3), FuzzCase.Mix(17, 4));
        Assert.AreNotEqual(FuzzCase.Mix(17, 3), FuzzCase.Mix(18, 3));
        for (int i = 0; i < 8; i++)
        {
            var a = FuzzCase.Create(17, i);
            var b = FuzzCase.Create(17, i);
            Assert.AreEqual(a.Mutation, b.Mutation);
            CollectionAssert.AreEqual(a.Files.Keys.ToList(), b.Files.Keys.ToList());
            foreach (var name in a.Files.Keys) CollectionAssert.AreEqual(a.Files[name], b.Files[name], $"input {i}: {name}");
        }
    }

    private const int MixOf17And3 = -757867242;

    [TestMethod]
    public void MutatedModelsFailOnlyWithCodedErrorsNamingTheFile()
    {
        int count = EnvInt("HLS4ML_FUZZ_COUNT", 300);
        int seconds = EnvInt("HLS4ML_FUZZ_SECONDS", 60);
        int baseSeed = EnvInt("HLS4ML_FUZZ_SEED", 17);
        int first = EnvInt("HLS4ML_FUZZ_START", 0);
        var reportPath = Environment.GetEnvironmentVariable("HLS4ML_FUZZ_REPORT");
        var failureDir = Environment.GetEnvironmentVariable("HLS4ML_FUZZ_FAILURES");

        var work = TestPaths.NewTempDir("fuzz");
        var runner = new FuzzRunner(work);
        var stats = new FuzzStats();
        var tempBefore = LeakedTempFiles();
        var clock = Stopwatch.StartNew();
        for (int i = first; (count <= 0 || i < first + count) && (seconds <= 0 || clock.Elapsed.TotalSeconds < seconds); i++)
        {
            TestContext.CancellationToken.ThrowIfCancellationRequested();
            var input = FuzzCase.Create(baseSeed, i);
            var outcome = runner.Run(input);
            stats.Add(input, outcome);
            if (outcome.Kind != "ok" && outcome.Kind != "coded" && failureDir is not null) input.SaveTo(Path.Combine(failureDir, $"{i:D6}-{input.Seed.Format}"), outcome);
            if (reportPath is not null && (stats.Total % 500 == 0)) File.WriteAllText(reportPath, stats.Report(clock.Elapsed, baseSeed));
            if (outcome.Kind == "hang") break; // the hung thread keeps running; later results would be skewed
        }
        var leaked = LeakedTempFiles().Except(tempBefore).ToList();
        var report = stats.Report(clock.Elapsed, baseSeed) + (leaked.Count > 0 ? $"\nleaked temp files: {leaked.Count} (e.g. {leaked[0]})\n" : "");
        if (reportPath is not null) File.WriteAllText(reportPath, report);
        TestContext.WriteLine(report);
        try { Directory.Delete(work, true); } catch (IOException) { }

        Assert.IsGreaterThan(0, stats.Total, "no input was run");
        Assert.AreEqual(0, stats.Failures, report);
        Assert.IsEmpty(leaked, report);
    }

    /// <summary>Temporary files the readers must never leave behind.</summary>
    private static HashSet<string> LeakedTempFiles() =>
        Directory.EnumerateFiles(Path.GetTempPath(), "hls4ml-keras3-*").ToHashSet(StringComparer.Ordinal);
}

/// <summary>One fuzz input: the mutated files written to a folder, with the model file and weights file paths.</summary>
internal sealed class FuzzCase
{
    public required ModelFuzzTests.Seed Seed { get; init; }
    public required int Index { get; init; }
    /// <summary>File name → contents, written together into one folder (the model's companions keep their names).</summary>
    public required Dictionary<string, byte[]> Files { get; init; }
    public required string ModelName { get; init; }
    public string? WeightsName { get; init; }
    public required string Mutation { get; init; }
    public required string IOType { get; init; }

    private static byte[] Fixture(string relative) => File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, relative));

    public static FuzzCase Unmutated(ModelFuzzTests.Seed seed) => Build(seed, -1, "none", "io_parallel", (_, data) => data);

    /// <summary>Input i: format round-robin, seed model and mutation chosen by a Random seeded with (baseSeed, i).</summary>
    public static FuzzCase Create(int baseSeed, int index)
    {
        var rng = new Random(Mix(baseSeed, index));
        var format = ModelFuzzTests.Formats[index % ModelFuzzTests.Formats.Length];
        var candidates = ModelFuzzTests.Seeds.Where(s => s.Format == format).ToArray();
        var seed = candidates[rng.Next(candidates.Length)];
        var log = new List<string>();
        var ioType = rng.Next(3) == 0 ? "io_stream" : "io_parallel";
        var others = ModelFuzzTests.Seeds.Where(s => s.Format == "keras3" && s != seed).ToArray();
        var foreign = Fixture(others[rng.Next(others.Length)].Model);
        // Which file of the seed to damage (model or weights) is drawn once per input.
        bool mutateWeights = seed.Weights is not null && rng.Next(3) == 0;
        bool mutateBoth = seed.Weights is not null && rng.Next(8) == 0;
        return Build(seed, index, "", ioType, (role, data) =>
        {
            switch (role)
            {
                case "model" when !mutateWeights || mutateBoth:
                    log.Add("model:");
                    return MutateModel(seed, data, foreign, rng, log);
                case "weights" when mutateWeights || mutateBoth:
                    if (rng.Next(6) == 0)
                    {
                        // Another model's weights: valid HDF5 that does not match the architecture.
                        var donors = ModelFuzzTests.Seeds.Where(s => s.Weights is not null && s != seed).ToArray();
                        var donor = donors[rng.Next(donors.Length)];
                        log.Add($"weights: from {donor.Weights}");
                        return Fixture(donor.Weights!);
                    }
                    log.Add("weights:");
                    return FuzzMutators.Bytes(data, rng, log, 0, rng.Next(2) == 0 ? -1 : Math.Min(data.Length, 4096));
                case "companion" when rng.Next(4) == 0:
                    log.Add("companion:");
                    return FuzzMutators.Bytes(data, rng, log);
                default:
                    return data;
            }
        }, log);
    }

    /// <summary>
    /// A fixed mix of (seed, index) into a Random seed (SplitMix64's finalizer). HashCode.Combine would not do: it is
    /// randomized per process, and input i must be the same input in every run.
    /// </summary>
    internal static int Mix(int baseSeed, int index)
    {
        ulong z = unchecked(((ulong)(uint)baseSeed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    private static byte[] MutateModel(ModelFuzzTests.Seed seed, byte[] data, byte[] foreignKeras, Random rng, List<string> log)
    {
        switch (seed.Format)
        {
            case "keras-json":
                return rng.Next(8) == 0 ? FuzzMutators.Bytes(data, rng, log)
                    : Encoding.UTF8.GetBytes(FuzzMutators.Json(Encoding.UTF8.GetString(data), rng, log));
            case "keras-h5":
            {
                // Half the inputs damage the model_config JSON text inside the file, half the HDF5 structure.
                var (start, end) = JsonRegion(data);
                if (start >= 0 && rng.Next(2) == 0) return FuzzMutators.TextRegion(data, start, end, rng, log);
                return FuzzMutators.Bytes(data, rng, log, 0, rng.Next(2) == 0 ? -1 : Math.Min(data.Length, 8192));
            }
            case "keras3":
                return FuzzMutators.Keras(data, foreignKeras, rng, log);
            default:
                return rng.Next(4) == 0 ? FuzzMutators.Bytes(data, rng, log) : FuzzMutators.Protobuf(data, rng, log);
        }
    }

    /// <summary>Byte range of the model_config JSON text inside a full-model .h5 ({"class_name" ... up to the NUL or end).</summary>
    private static (int Start, int End) JsonRegion(byte[] data)
    {
        var start = data.AsSpan().IndexOf("{\"class_name\""u8);
        if (start < 0) return (-1, -1);
        var end = data.AsSpan(start).IndexOf((byte)0);
        return (start, end < 0 ? data.Length : start + end);
    }

    private static FuzzCase Build(ModelFuzzTests.Seed seed, int index, string mutation, string ioType, Func<string, byte[], byte[]> mutate, List<string>? log = null)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var modelName = Path.GetFileName(seed.Model);
        files[modelName] = mutate("model", Fixture(seed.Model));
        string? weightsName = null;
        if (seed.Weights is not null)
        {
            weightsName = Path.GetFileName(seed.Weights);
            files[weightsName] = mutate("weights", Fixture(seed.Weights));
        }
        if (seed.Companion is not null) files[Path.GetFileName(seed.Companion)] = mutate("companion", Fixture(seed.Companion));
        return new FuzzCase
        {
            Seed = seed, Index = index, Files = files, ModelName = modelName, WeightsName = weightsName,
            Mutation = log is null ? mutation : string.Join(' ', log), IOType = ioType,
        };
    }

    /// <summary>Keeps a failing input with a note of how it was made and what happened, for reproduction.</summary>
    public void SaveTo(string dir, FuzzOutcome outcome)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, data) in Files) File.WriteAllBytes(Path.Combine(dir, name), data);
        File.WriteAllText(Path.Combine(dir, "README.txt"),
            $"seed model: {Seed.Model}\nindex: {Index}\nio type: {IOType}\nmutation: {Mutation}\noutcome: {outcome.Kind}\n{outcome.Detail}\n");
    }
}

/// <summary>How one input ended: ok, coded (an acceptable HlsException), or a failure kind with details.</summary>
internal sealed record FuzzOutcome(string Kind, string Detail, string Signature, string? Code = null);

/// <summary>Runs convert + generate on one input in its own folder, with a timeout.</summary>
internal sealed class FuzzRunner(string workDir)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("HLS4ML_FUZZ_TIMEOUT"), out var t) ? t : 60);

    private readonly HlsPipeline _pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
    private int _n;

    public FuzzOutcome Run(FuzzCase input)
    {
        var dir = Path.Combine(workDir, $"in{_n++}");
        Directory.CreateDirectory(dir);
        foreach (var (name, data) in input.Files) File.WriteAllBytes(Path.Combine(dir, name), data);
        var model = Path.Combine(dir, input.ModelName);
        var weights = input.WeightsName is null ? null : Path.Combine(dir, input.WeightsName);
        var output = Path.Combine(dir, "prj");

        var task = Task.Run(() =>
        {
            var graph = _pipeline.Convert(model, weights);
            var config = new HlsConfig { ProjectName = "myproject", IOType = input.IOType };
            _pipeline.Generate(graph, config, output);
        });
        FuzzOutcome outcome;
        // WhenAny never throws; the task's own exception is read below.
        if (!Task.WhenAny(task, Task.Delay(Timeout)).GetAwaiter().GetResult().Equals(task))
            outcome = new FuzzOutcome("hang", $"no result after {Timeout.TotalSeconds} s", "hang");
        else outcome = Classify(task.Exception?.InnerException, input.Files.Keys.Select(f => Path.Combine(dir, f)).ToHashSet(StringComparer.Ordinal));
        if (outcome.Kind != "hang")
            try { Directory.Delete(dir, true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return outcome;
    }

    private static FuzzOutcome Classify(Exception? e, HashSet<string> files)
    {
        switch (e)
        {
            case null:
                return new FuzzOutcome("ok", "", "ok");
            case HlsException h when h.Diagnostic.Code == DiagnosticCodes.InternalError.Code:
                return new FuzzOutcome("internal", h.ToString(), "HLS9999 " + TopFrame(h));
            case HlsException h when h.Diagnostic.File is null || !files.Contains(h.Diagnostic.File):
                return new FuzzOutcome("no-file", $"{h.Diagnostic}\n{h.StackTrace}", $"{h.Diagnostic.Code} without file {TopFrame(h)}", h.Diagnostic.Code);
            case HlsException h:
                return new FuzzOutcome("coded", h.Diagnostic.Message, h.Diagnostic.Code, h.Diagnostic.Code);
            default:
                return new FuzzOutcome("unhandled", e.ToString(), $"{e.GetType().Name} {TopFrame(e)}");
        }
    }

    /// <summary>The innermost Hls4ml frame of the exception, to group failures by place.</summary>
    private static string TopFrame(Exception e)
    {
        var frames = new StackTrace(e, true).GetFrames();
        var own = frames.FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Hls4ml", StringComparison.Ordinal) == true
            && f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Hls4ml.Tests", StringComparison.Ordinal) != true);
        var frame = own ?? frames.FirstOrDefault();
        var m = frame?.GetMethod();
        return m is null ? "?" : $"{m.DeclaringType?.Name}.{m.Name}:{frame!.GetFileLineNumber()}";
    }
}

/// <summary>Counts per format and outcome, failure signatures with an example each.</summary>
internal sealed class FuzzStats
{
    private readonly Dictionary<string, Dictionary<string, int>> _byFormat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, string Example)> _failures = new(StringComparer.Ordinal);
    public int Total { get; private set; }
    public int Failures { get; private set; }

    public void Add(FuzzCase input, FuzzOutcome outcome)
    {
        Total++;
        if (!_byFormat.TryGetValue(input.Seed.Format, out var counts)) _byFormat[input.Seed.Format] = counts = new(StringComparer.Ordinal);
        var key = outcome.Kind == "coded" ? outcome.Code! : outcome.Kind;
        counts[key] = counts.GetValueOrDefault(key) + 1;
        if (outcome.Kind is "ok" or "coded") return;
        Failures++;
        var example = $"#{input.Index} {input.Seed.Model} [{input.IOType}] {input.Mutation}\n{outcome.Detail}";
        _failures[outcome.Signature] = _failures.TryGetValue(outcome.Signature, out var f) ? (f.Count + 1, f.Example) : (1, example);
    }

    public string Report(TimeSpan elapsed, int baseSeed)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"fuzz: {Total} inputs in {elapsed.TotalSeconds:F0} s (seed {baseSeed}), {Failures} failures");
        foreach (var (format, counts) in _byFormat.OrderBy(k => k.Key, StringComparer.Ordinal))
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {format}: {counts.Values.Sum()} inputs — {string.Join(", ", counts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))}");
        foreach (var (signature, (n, example)) in _failures.OrderByDescending(f => f.Value.Count))
        {
            var shown = example.Length > 3000 ? example[..3000] + "…" : example;
            sb.AppendLine(CultureInfo.InvariantCulture, $"FAILURE x{n}: {signature}\n    {shown.Replace("\n", "\n    ")}");
        }
        return sb.ToString();
    }
}
