using System.Globalization;
using System.Text;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Simulation;
using Hls4ml.Types;

namespace Hls4ml.Profiling;

/// <summary>One layer's suggested types (settings keyed as HlsLayerConfig metadata: ResultPrecision, WeightPrecision, ...).</summary>
public sealed record LayerSuggestion(string Layer, string Type, IReadOnlyDictionary<string, Precision> Precisions);

/// <summary>Accuracy and size of one configuration, measured by the C simulation on the held-out rows.</summary>
/// <remarks>TypeBits: the sum of every suggested slot's width; ActivationBits / WeightBits: elements times widths of
/// every layer output / weight array; MultiplierOperandBits: per multiplier, weight width plus input width, summed.</remarks>
public sealed record ConfigurationResult(string Name, double MaxAbsError, double MeanAbsError, double ArgmaxAgreement, int OverflowingLayers,
    long Multipliers, long MultiplierOperandBits, long ActivationBits, long WeightBits);

/// <summary>What -t:HlsSuggestPrecision found.</summary>
public sealed record PrecisionSuggestion(
    double Tolerance, double Margin, int CalibrationRows, int HeldOutRows, IReadOnlyList<LayerSuggestion> Layers,
    ConfigurationResult Suggested, ConfigurationResult Baseline, double ErrorFloor, double EmulatedError, int Retries, IReadOnlyList<HlsDiagnostic> Diagnostics)
{
    public bool MeetsBudget => Suggested.MaxAbsError <= Tolerance && Suggested.OverflowingLayers == 0;
}

/// <summary>
/// Chooses per-layer precisions from data: integer bits from the float model's observed ranges on the calibration rows
/// (with a stated margin), fractional bits as few as keep the output within an error budget. The search runs on a
/// fixed-point emulation in double, within what is left of the budget after the error floor (the C simulation's error
/// with every searched type at full width: lookup tables and other parts the search does not set) (each layer's exact output from quantized inputs and weights, converted to its type;
/// accumulators of Dense/Conv are made wide enough to be exact); the result is then checked with the real C simulation
/// on held-out rows, widening every fractional part by one bit while it misses the budget (up to three times).
/// </summary>
public sealed class PrecisionAdvisor(HlsPipeline pipeline)
{
    public int MaxFractionalBits { get; init; } = 20;
    public int MaxSearchRows { get; init; } = 300;
    public int MaxRetries { get; init; } = 3;
    public Action<string>? Log { get; init; }

    /// <param name="convert">A fresh converted graph each call (generation changes a graph in place).</param>
    /// <param name="config">The project's configuration; its layer settings other than precisions are kept.</param>
    /// <param name="calibrationFile">Rows that set the ranges and drive the search.</param>
    /// <param name="heldOutFile">Rows the result is checked on (never seen by the search).</param>
    /// <param name="tolerance">Largest |output - float output| accepted on any row and output.</param>
    /// <param name="margin">Headroom over the observed range: 0.25 = integer bits for 1.25 x the largest |value|.</param>
    /// <param name="workDir">Scratch folder for the generated projects.</param>
    /// <param name="cacheDir">CSim binary cache.</param>
    /// <param name="runner">CSim compiler settings.</param>
    public PrecisionSuggestion Suggest(Func<ModelGraph> convert, HlsConfig config, string calibrationFile, string heldOutFile,
        double tolerance, double margin, string workDir, string cacheDir, CSimRunner? runner = null)
    {
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
            throw new HlsException(DiagnosticCodes.InvalidProfilingProperty, $"HlsPrecisionTolerance '{tolerance}' must be a positive number.", config.ProjectFile);
        if (!(margin >= 0) || !double.IsFinite(margin))
            throw new HlsException(DiagnosticCodes.InvalidProfilingProperty, $"HlsPrecisionMargin '{margin}' must be 0 or more.", config.ProjectFile);
        var registry = pipeline.Registry;
        var calibration = TestData.Read(calibrationFile);
        var search = calibration.Take(MaxSearchRows).ToList();

        // The configured graph of the project as it is: which slots each layer has and how its weights are laid out.
        var reference = convert();
        pipeline.Generate(reference, Clone(config), Path.Combine(workDir, "layout"));
        var floatRef = new FloatReference(reference, registry);
        var floats = calibration.Select(floatRef.PredictTensors).ToList();
        var floatOutputs = search.Select((_, r) => reference.Outputs.SelectMany(o => floats[r][o]).ToArray()).ToList();

        var knobs = BuildKnobs(reference, floats, margin);
        Log?.Invoke($"HlsSuggestPrecision: {knobs.Count} types over {reference.Layers.Count} layers, {search.Count} search rows, tolerance {tolerance.ToString("G4", CultureInfo.InvariantCulture)}");
        var emulator = new Emulator(reference, registry, search);
        double Error() => emulator.MaxError(knobs, floatOutputs);

        // The error the searched types cannot remove (lookup tables of softmax, sigmoid, ...; what the emulation does
        // not model): the C simulation's error on the calibration rows with every searched type at full width. The
        // search spends only what is left of the budget.
        foreach (var k in knobs) k.Fractional = MaxFractionalBits;
        var (floorRun, _) = Measure("floor", convert, Apply(config, knobs, reference), calibrationFile, workDir, cacheDir, runner);
        double floor = floorRun.MaxAbsError;
        double budget = tolerance - floor;
        Log?.Invoke($"HlsSuggestPrecision: error floor with full-width types {floor:G4} (calibration rows); search budget {budget:G4}");

        // Uniform fractional bits first (the smallest that meets the budget), then each type on its own.
        int uniform = MaxFractionalBits;
        if (budget > 0 && Error() <= budget)
        {
            while (uniform > 0)
            {
                foreach (var k in knobs) k.Fractional = uniform - 1;
                if (Error() > budget) { foreach (var k in knobs) k.Fractional = uniform; break; }
                uniform--;
            }
            foreach (var k in knobs.OrderByDescending(k => k.Elements))
                while (k.Fractional > 0)
                {
                    k.Fractional--;
                    if (Error() > budget) { k.Fractional++; break; }
                }
        }
        var emulated = Error();

        // Check with the C simulation on held-out rows; widen while it misses the budget.
        ConfigurationResult suggested;
        IReadOnlyList<HlsDiagnostic> overflowDiagnostics;
        int retries = 0;
        while (true)
        {
            (suggested, overflowDiagnostics) = Measure("suggested", convert, Apply(config, knobs, reference), heldOutFile, workDir, cacheDir, runner);
            if ((suggested.MaxAbsError <= tolerance && suggested.OverflowingLayers == 0) || retries >= MaxRetries) break;
            retries++;
            foreach (var k in knobs) k.Fractional++;
            if (suggested.OverflowingLayers > 0) foreach (var k in knobs) k.Integer++;
            Log?.Invoke($"HlsSuggestPrecision: held-out max |err| {suggested.MaxAbsError:G4} > {tolerance:G4} or overflow; widening every type by one bit");
        }
        var baselineConfig = Clone(config);
        baselineConfig.DefaultPrecision = new FixedPrecision(16, 6);
        foreach (var settings in baselineConfig.LayerNames.Values.Concat(baselineConfig.LayerTypes.Values))
            foreach (var key in settings.Values.Keys.Where(IsPrecisionKey).ToList()) settings.Values.Remove(key);
        var (baseline, _) = Measure("ap_fixed<16,6> everywhere", convert, baselineConfig, heldOutFile, workDir, cacheDir, runner);

        var layers = knobs.GroupBy(k => k.Layer).Select(g =>
        {
            var precisions = g.ToDictionary(k => k.ConfigKey, k => (Precision)k.Precision, StringComparer.Ordinal);
            if (AccumulatorFor(g.ToList(), knobs, reference) is { } accum) precisions["AccumPrecision"] = accum;
            return new LayerSuggestion(g.Key.Name, g.Key.Type, precisions);
        }).ToList();
        var diagnostics = new List<HlsDiagnostic>(overflowDiagnostics);
        var result = new PrecisionSuggestion(tolerance, margin, calibration.Count, TestData.Read(heldOutFile).Count, layers, suggested, baseline, floor, emulated, retries, diagnostics);
        if (!result.MeetsBudget)
            diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.PrecisionBudgetNotMet,
                $"with the suggested precisions the C simulation's max |error| against the float model on {result.HeldOutRows} held-out rows is {suggested.MaxAbsError:G4} " +
                $"(budget {tolerance:G4}; with every searched type at full width the error is already {floor:G4} on the calibration rows){(suggested.OverflowingLayers > 0 ? $" and {suggested.OverflowingLayers} layer(s) overflow" : "")}, after {retries} widening step(s).", config.ProjectFile));
        return result;
    }

    private static bool IsPrecisionKey(string key) => key.EndsWith("Precision", StringComparison.OrdinalIgnoreCase);

    /// <summary>A type the search sets: a layer's output or one of its weight arrays.</summary>
    private sealed class Knob(Layer layer, string slot, string configKey, bool signed, int integer, long elements)
    {
        public Layer Layer { get; } = layer;
        public string Slot { get; } = slot;
        public string ConfigKey { get; } = configKey;
        public bool Signed { get; } = signed;
        public int Integer { get; set; } = integer;
        public int Fractional { get; set; }
        public long Elements { get; } = elements;
        public FixedPrecision Precision => new(Math.Max(Integer + Fractional, 1), Integer, Signed);
    }

    private List<Knob> BuildKnobs(ModelGraph graph, List<Dictionary<string, double[]>> floats, double margin)
    {
        var knobs = new List<Knob>();
        foreach (var layer in graph.Layers)
        {
            var definition = pipeline.Registry.RequireLayer(layer.Type, layer.Name);
            var slots = definition.TypeSlots.ToDictionary(s => s.Name, s => s.ConfigKey, StringComparer.Ordinal);
            // Only layers whose output type is fixed point and set by ResultPrecision (model inputs included).
            if (layer.Types.TryGetValue("result", out var result) && result is FixedPrecision && slots.TryGetValue("result", out var resultKey))
            {
                double largest = floats.Max(f => f[layer.Outputs[0]].Select(Math.Abs).DefaultIfEmpty(0).Max());
                knobs.Add(new Knob(layer, "result", resultKey, true, IntegerBits(largest * (1 + margin)), graph.Tensor(layer.Outputs[0]).Size));
            }
            foreach (var (slot, weight) in layer.Weights)
            {
                if (!slots.TryGetValue(slot, out var key) || weight.Data.Length == 0) continue;
                if (layer.Types.TryGetValue(slot, out var wt) && wt is not FixedPrecision) continue;
                // Weights are known exactly: no margin, just what their largest magnitude needs.
                double largest = weight.Data.Max(v => Math.Abs((double)v));
                knobs.Add(new Knob(layer, slot, key, true, IntegerBits(largest), weight.Data.Length));
            }
        }
        return knobs;
    }

    /// <summary>Integer bits (sign included) of a signed type whose range holds ±v at any fractional width.</summary>
    public static int IntegerBits(double v)
    {
        if (!(v > 0)) return 1;
        // 2^(I-1) must exceed v (the largest value is 2^(I-1) - lsb; with rounding v may round up to 2^(I-1)).
        return Math.Max(1, (int)Math.Floor(Math.Log2(v)) + 2);
    }

    /// <summary>The project's configuration with the knobs' types as per-layer settings (other settings kept).</summary>
    private static HlsConfig Apply(HlsConfig config, List<Knob> knobs, ModelGraph graph)
    {
        var result = Clone(config);
        foreach (var group in knobs.GroupBy(k => k.Layer))
        {
            var layer = group.Key;
            if (!result.LayerNames.TryGetValue(layer.Name, out var settings)) result.LayerNames[layer.Name] = settings = new LayerSettings();
            foreach (var k in group) settings.Values[k.ConfigKey] = FixedPointMath.ProjectSpelling(k.Precision);
            settings.Values.Remove("Precision");
            if (AccumulatorFor(group.ToList(), knobs, graph) is { } accum) settings.Values["AccumPrecision"] = FixedPointMath.ProjectSpelling(accum);
        }
        return result;
    }

    /// <summary>
    /// An accumulator that holds every product and the bias exactly (fractional bits of weight plus input) and the
    /// output's range, for layers whose accumulator holds the output before its conversion.
    /// </summary>
    private static FixedPrecision? AccumulatorFor(List<Knob> layerKnobs, List<Knob> allKnobs, ModelGraph graph)
    {
        var layer = layerKnobs[0].Layer;
        if (!LayerProfiler.AccumulatingTypes.Contains(layer.Type) || !layer.Types.ContainsKey("accum")) return null;
        var result = layerKnobs.FirstOrDefault(k => k.Slot == "result");
        var weight = layerKnobs.FirstOrDefault(k => k.Slot == "weight");
        if (result is null || weight is null) return null;
        var producer = graph.Producer(layer.Inputs[0]);
        int inputFractional = allKnobs.FirstOrDefault(k => k.Layer == producer && k.Slot == "result") is { } inputKnob ? inputKnob.Fractional
            : producer is not null && producer.Types.TryGetValue("result", out var ip) && ip is FixedPrecision ipf ? ipf.Fractional : 0;
        var bias = layerKnobs.FirstOrDefault(k => k.Slot == "bias");
        int fractional = Math.Max(weight.Fractional + inputFractional, bias?.Fractional ?? 0);
        int integer = result.Integer + 1;
        return new FixedPrecision(Math.Min(integer + fractional, 64), integer, true);
    }

    private (ConfigurationResult, IReadOnlyList<HlsDiagnostic>) Measure(string name, Func<ModelGraph> convert, HlsConfig config, string rowsFile,
        string workDir, string cacheDir, CSimRunner? runner)
    {
        var graph = convert();
        var dir = Path.Combine(workDir, name.Replace(' ', '_').Replace('<', '_').Replace('>', '_').Replace(',', '_'));
        var generated = pipeline.Generate(graph, config, Path.Combine(dir, "prj"));
        var run = ModelProfiling.Run(pipeline, graph, Path.Combine(dir, "prj"), config.ProjectName, rowsFile,
            Path.Combine(dir, "results.dat"), Path.Combine(dir, "trace.log"), cacheDir, runner, maxAttributionRows: 0);
        var c = run.Report.OutputVsFloat;
        long operandBits = 0, activationBits = 0, weightBits = 0;
        foreach (var layer in graph.Layers)
        {
            if (layer.Types.TryGetValue("result", out var r)) activationBits += (long)graph.Tensor(layer.Outputs[0]).Size * r.Width;
            foreach (var (_, w) in layer.Weights) weightBits += (long)w.Data.Length * (w.Precision?.Width ?? 0);
            var estimate = generated.Estimate.Layers.FirstOrDefault(e => e.Layer == layer.Name);
            if (estimate is { Multipliers: > 0 } && layer.Weights.TryGetValue("weight", out var wv) && graph.Producer(layer.Inputs[0]) is { } p && p.Types.TryGetValue("result", out var inputType))
                operandBits += estimate.Multipliers * ((wv.Precision?.Width ?? 0) + inputType.Width);
        }
        Log?.Invoke($"HlsSuggestPrecision: {name}: held-out max |err| {c.MaxAbsError:G4}, mean {c.MeanAbsError:G4}, argmax agreement {c.ArgmaxAgreement:P2}");
        return (new ConfigurationResult(name, c.MaxAbsError, c.MeanAbsError, c.ArgmaxAgreement, run.Report.Overflowing.Count(),
            generated.Estimate.TotalMultipliers, operandBits, activationBits, weightBits), run.Diagnostics);
    }

    internal static HlsConfig Clone(HlsConfig c)
    {
        var copy = new HlsConfig
        {
            ProjectName = c.ProjectName, Backend = c.Backend, Part = c.Part, ClockPeriod = c.ClockPeriod, ClockUncertainty = c.ClockUncertainty,
            IOType = c.IOType, Strategy = c.Strategy, ReuseFactor = c.ReuseFactor, DefaultPrecision = c.DefaultPrecision, Version = c.Version,
            MaximumPartitionSize = c.MaximumPartitionSize, BramFactor = c.BramFactor, UnrollWarningThreshold = c.UnrollWarningThreshold,
            ProjectFile = c.ProjectFile,
        };
        foreach (var (k, v) in c.LayerNames) copy.LayerNames[k] = CloneSettings(v);
        foreach (var (k, v) in c.LayerTypes) copy.LayerTypes[k] = CloneSettings(v);
        return copy;
    }

    private static LayerSettings CloneSettings(LayerSettings s)
    {
        var copy = new LayerSettings { File = s.File, Line = s.Line };
        foreach (var (k, v) in s.Values) copy.Values[k] = v;
        return copy;
    }

    /// <summary>
    /// The model in fixed point, emulated in double: inputs converted to their type, each layer computed exactly from
    /// its (converted) inputs with its weights converted to their types, the result converted to the layer's type.
    /// </summary>
    private sealed class Emulator(ModelGraph graph, HlsRegistry registry, List<double[]> rows)
    {
        private readonly FloatReference _reference = new(graph, registry);

        public double MaxError(List<Knob> knobs, List<double[]> floatOutputs)
        {
            var resultType = knobs.Where(k => k.Slot == "result").ToDictionary(k => k.Layer, k => (Precision)k.Precision);
            var layers = graph.Layers.Select(l => WithWeights(l, knobs.Where(k => k.Layer == l && k.Slot != "result").ToList())).ToList();
            double max = 0;
            for (int r = 0; r < rows.Count; r++)
            {
                var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
                int offset = 0;
                foreach (var name in graph.Inputs)
                {
                    var size = graph.Tensor(name).Size;
                    values[name] = rows[r].AsSpan(offset, size).ToArray();
                    offset += size;
                }
                for (int i = 0; i < layers.Count; i++)
                {
                    var original = graph.Layers[i];
                    var y = _reference.Evaluate(layers[i], values);
                    var type = resultType.TryGetValue(original, out var t) ? t : original.Types.GetValueOrDefault("result");
                    if (type is not null)
                    {
                        y = (double[])y.Clone();
                        for (int j = 0; j < y.Length; j++) y[j] = FixedPointMath.Convert(y[j], type);
                    }
                    values[original.Outputs[0]] = y;
                }
                int o = 0;
                foreach (var name in graph.Outputs)
                    foreach (var v in values[name]) { max = Math.Max(max, Math.Abs(v - floatOutputs[r][o])); o++; }
                if (double.IsNaN(max)) return double.PositiveInfinity;
            }
            return max;
        }

        private static Layer WithWeights(Layer layer, List<Knob> weightKnobs)
        {
            if (weightKnobs.Count == 0) return layer;
            var copy = new Layer
            {
                Name = layer.Name, Type = layer.Type, SourceClass = layer.SourceClass, Index = layer.Index,
                Inputs = layer.Inputs, Outputs = layer.Outputs, Attributes = layer.Attributes, Types = layer.Types, ExplicitTypes = layer.ExplicitTypes,
            };
            foreach (var (slot, w) in layer.Weights)
            {
                var knob = weightKnobs.FirstOrDefault(k => k.Slot == slot);
                copy.Weights[slot] = knob is null ? w : new WeightVariable
                {
                    Name = w.Name, Shape = w.Shape, Precision = knob.Precision,
                    Data = w.Data.Select(v => (float)FixedPointMath.Convert(v, knob.Precision)).ToArray(),
                };
            }
            return copy;
        }
    }

    /// <summary>The .props file a project imports: one HlsLayerConfig per layer with the suggested types and the layer's other settings.</summary>
    public static string ToProps(PrecisionSuggestion s, HlsConfig config, string projectName)
    {
        string Attr(string v) => System.Security.SecurityElement.Escape(v) ?? "";
        var sb = new StringBuilder();
        sb.AppendLine("<Project>");
        sb.AppendLine("  <!-- Written by Hls4ml.Sdk -t:HlsSuggestPrecision. Import it at the end of the project file:");
        sb.AppendLine($"       <Import Project=\"{Attr(projectName)}\" />");
        sb.AppendLine(FormattableString.Invariant($"       Budget: max |output - float output| <= {s.Tolerance:G4}; integer bits hold {1 + s.Margin:G3} x the largest value seen on {s.CalibrationRows} calibration rows."));
        sb.AppendLine(FormattableString.Invariant($"       C simulation on {s.HeldOutRows} held-out rows: max |err| {s.Suggested.MaxAbsError:G4} (ap_fixed<16,6> everywhere: {s.Baseline.MaxAbsError:G4}), argmax agreement {s.Suggested.ArgmaxAgreement:P2} ({s.Baseline.ArgmaxAgreement:P2})."));
        sb.AppendLine(FormattableString.Invariant($"       Weight bits {s.Suggested.WeightBits} ({s.Baseline.WeightBits}), activation bits {s.Suggested.ActivationBits} ({s.Baseline.ActivationBits}), multiplier operand bits {s.Suggested.MultiplierOperandBits} ({s.Baseline.MultiplierOperandBits}). -->"));
        sb.AppendLine("  <ItemGroup>");
        foreach (var layer in s.Layers)
        {
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            // The layer's other settings from the project, so the imported item replaces it without losing them.
            if (config.LayerNames.TryGetValue(layer.Layer, out var existing))
                foreach (var (k, v) in existing.Values) if (!IsPrecisionKey(k)) values[k] = v;
            foreach (var (k, p) in layer.Precisions) values[k] = FixedPointMath.ProjectSpelling(p);
            sb.Append("    <HlsLayerConfig Include=\"").Append(Attr(MSBuildEscape(layer.Layer))).Append('"');
            foreach (var (k, v) in values) sb.Append(' ').Append(k).Append("=\"").Append(Attr(MSBuildEscape(v))).Append('"');
            sb.AppendLine(" />");
        }
        sb.AppendLine("  </ItemGroup>");
        sb.AppendLine("</Project>");
        return sb.ToString();
    }

    /// <summary>MSBuild's %XX escaping of the characters it would otherwise expand or split on.</summary>
    public static string MSBuildEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(c is '%' or '$' or '@' or '\'' or ';' or '?' or '*' ? $"%{(int)c:X2}" : c.ToString());
        return sb.ToString();
    }
}
