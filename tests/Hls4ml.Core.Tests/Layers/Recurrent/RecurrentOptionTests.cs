using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Layers.Recurrent;

/// <summary>
/// Settings of the recurrent layers (Static, ReuseFactor/RecurrentReuseFactor with the Resource strategy), their
/// estimates, and the coded errors for what is not supported.
/// </summary>
[TestClass]
public sealed class RecurrentOptionTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static ModelGraph Convert(string name)
    {
        var (model, weights) = RecurrentFixtures.ModelFiles(name);
        return HlsPipeline.CreateDefault(TestPaths.Templates).Convert(model, weights);
    }

    private static PassContext RunBackend(ModelGraph graph, HlsConfig config)
    {
        var context = new PassContext { Registry = Registry, Config = config };
        context.Registry.Flow(PassFlow.BackendFlow).Run(graph, context);
        return context;
    }

    [TestMethod]
    public void UnrolledTimeLoopAndReuseFactorsGiveTheSameResults()
    {
        // Static=false (one cell per step), Resource with reuse factors > 1 on the input and recurrent products of
        // every layer: the same values as the default architecture, bit for bit.
        const string name = "keras2_recurrent";
        var baseline = RecurrentFixtures.Simulate(name, RecurrentFixtures.DefaultPrecision, verifyVariants: false);
        var variant = RecurrentFixtures.Simulate(name, RecurrentFixtures.DefaultPrecision, c =>
        {
            foreach (var (layer, rf, rrf) in new[] { ("lstm_a", 3, 2), ("gru_a", 2, 3), ("rnn_b", 3, 3), ("gru_b", 3, 2), ("lstm_c", 3, 4) })
                c.LayerNames[layer] = LayerSettings.Of(("Static", "false"), ("Strategy", "Resource"),
                    ("ReuseFactor", rf.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("RecurrentReuseFactor", rrf.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }, verifyVariants: false);
        Assert.HasCount(baseline.Predictions.Count, variant.Predictions);
        for (int i = 0; i < baseline.Predictions.Count; i++)
            CollectionAssert.AreEqual(baseline.Predictions[i], variant.Predictions[i], $"row {i + 1} (project {variant.ProjectDir})");
        var config = File.ReadAllText(Path.Combine(variant.ProjectDir, "firmware", "parameters.h"));
        StringAssert.Contains(config, "static const bool use_static = false;");
        StringAssert.Contains(config, "static const unsigned reuse_factor = 2;");
    }

    [TestMethod]
    public void InvalidRecurrentReuseFactorIsACodedErrorListingValidValues()
    {
        var graph = Convert("keras2_recurrent");
        var config = new HlsConfig();
        config.LayerNames["lstm_a"] = LayerSettings.Of(("RecurrentReuseFactor", "3"));
        var e = Assert.Throws<HlsException>(() => RunBackend(graph, config));
        Assert.AreEqual("HLS0320", e.Diagnostic.Code);
        Assert.AreEqual("lstm_a", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "4x4 recurrent product; nearest valid values: 1, 2, 4, 8");
    }

    [TestMethod]
    public void EstimatesCountEveryGateAndTimeStep()
    {
        var graph = Convert("keras2_recurrent");
        var config = new HlsConfig();
        config.LayerNames["gru_b"] = LayerSettings.Of(("Static", "false"));
        var context = RunBackend(graph, config);
        var lstm = context.Estimate!.Layers.Single(l => l.Layer == "lstm_a");
        // 4 gates x (3x4 input + 4x4 recurrent products) + 3x4 element-wise products; 6 steps of 1 + 1 cycles.
        Assert.AreEqual(4 * (12 + 16) + 12, lstm.Multipliers);
        Assert.AreEqual(6 * 2, lstm.IntervalCycles);
        // GRU reset_after=False, not static: 6 cells of 3 x (3x2 + 2x2) + 2x2; r*h precedes the candidate's product.
        var gru = context.Estimate.Layers.Single(l => l.Layer == "gru_b");
        Assert.AreEqual(6 * (3 * (6 + 4) + 4), gru.Multipliers);
        Assert.AreEqual(6 * (1 + 2), gru.IntervalCycles);
        // Bidirectional: both directions.
        var bi = RunBackend(Convert("keras2_bidirectional"), new HlsConfig()).Estimate!.Layers.Single(l => l.Layer == "bi_lstm");
        Assert.AreEqual(2 * (4 * (9 + 9) + 9), bi.Multipliers);
        Assert.AreEqual(2 * 5 * 2, bi.IntervalCycles);
        var embedding = RunBackend(Convert("keras2_embedding"), new HlsConfig()).Estimate!.Layers.Single(l => l.Layer == "embedding");
        Assert.AreEqual(0, embedding.Multipliers);
    }

    [TestMethod]
    public void EmbeddingInputGetsAnIndexTypeWideEnoughForTheVocabulary()
    {
        var graph = Convert("keras2_embedding");
        RunBackend(graph, new HlsConfig());
        Assert.AreEqual("ap_uint<4>", graph.Tensor(graph.Inputs[0]).Precision!.ToCpp());
    }

    private static string WithConfigChange(string name, Action<JObject> change)
    {
        var json = JObject.Parse(File.ReadAllText(Path.Combine(RecurrentFixtures.Dir, name + ".json")));
        change(json);
        var dir = TestPaths.NewTempDir("recurrent-bad");
        var path = Path.Combine(dir, name + ".json");
        File.WriteAllText(path, json.ToString());
        return path;
    }

    /// <summary>Converting the fixture after a change to its json fails; the coded error.</summary>
    private static HlsException ConvertFails(string name, Action<JObject> change)
    {
        var path = WithConfigChange(name, change);
        return Assert.Throws<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, Path.Combine(RecurrentFixtures.Dir, name + "_weights.h5")));
    }

    private static JObject Layer(JObject model, string layer) =>
        (JObject)((JArray)model["config"]!["layers"]!).Single(l => (string?)l["name"] == layer || (string?)l["config"]!["name"] == layer)["config"]!;

    [TestMethod]
    [DataRow("lstm_a", "stateful", "HLS0150", "stateful=False")]
    [DataRow("gru_a", "return_state", "HLS0150", "return_state=False")]
    [DataRow("rnn_b", "time_major", "HLS0150", "time_major=False")]
    public void UnsupportedRecurrentOptionsAreCodedErrorsNamingTheLayerAndTheFix(string layer, string option, string code, string fix)
    {
        var e = ConvertFails("keras2_recurrent", m => Layer(m, layer)[option] = true);
        Assert.AreEqual(code, e.Diagnostic.Code);
        Assert.AreEqual(layer, e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, fix);
    }

    [TestMethod]
    public void MaskZeroEmbeddingAndUnknownActivationAreCodedErrors()
    {
        var weights = Path.Combine(RecurrentFixtures.Dir, "keras2_embedding_weights.h5");
        var masked = WithConfigChange("keras2_embedding", m => Layer(m, "embedding")["mask_zero"] = true);
        var e = Assert.Throws<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(masked, weights));
        Assert.AreEqual("HLS0152", e.Diagnostic.Code);
        Assert.AreEqual("embedding", e.Diagnostic.Layer);

        var activation = WithConfigChange("keras2_embedding", m => Layer(m, "lstm_e")["recurrent_activation"] = "gelu_custom");
        e = Assert.Throws<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(activation, weights));
        Assert.AreEqual("HLS0105", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "gelu_custom");

        var merge = WithConfigChange("keras2_bidirectional", m => Layer(m, "bi_rnn")["merge_mode"] = null);
        e = Assert.Throws<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(merge, Path.Combine(RecurrentFixtures.Dir, "keras2_bidirectional_weights.h5")));
        Assert.AreEqual("HLS0150", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "merge_mode=None");
    }

    [TestMethod]
    public void KerasInitialStatesBecomeLayerInputsAndAPartialStateIsACodedError()
    {
        var graph = Convert("keras2_states");
        var lstm = graph.Layers.Single(l => l.Name == "lstm_s");
        CollectionAssert.AreEqual(new[] { "x", "h", "c" }, lstm.Inputs.Select(i => graph.Producer(i)!.Name).ToArray());
        Assert.IsTrue(lstm.Get("initial_h", false) && lstm.Get("initial_c", false));

        // LSTM called with only [h]: the cell state is missing.
        var e = ConvertFails("keras2_states", m =>
        {
            var layer = ((JArray)m["config"]!["layers"]!).Single(l => (string?)l["name"] == "lstm_s");
            ((JArray)((JArray)layer["inbound_nodes"]!)[0]).RemoveAt(2);
        });
        Assert.AreEqual("HLS0150", e.Diagnostic.Code);
        Assert.AreEqual("lstm_s", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "[h, c]");
    }

    [TestMethod]
    public void TimeDistributedDenseIsAPointwiseConvolutionAndOtherWrappedLayersAreRefused()
    {
        var graph = Convert("keras2_timedistributed");
        Assert.AreEqual("Conv1D", graph.Layers.Single(l => l.Name == "td_dense").Type, "TimeDistributed(Dense) on [T, F]");
        Assert.AreEqual("Conv1D", graph.Layers.Single(l => l.Name == "seq_dense").Type, "Dense on [T, F] applies to the last axis");

        var e = ConvertFails("keras2_timedistributed", m =>
        {
            var layer = ((JArray)m["config"]!["layers"]!).Single(l => (string?)l["name"] == "td_dense");
            layer["config"]!["layer"]!["class_name"] = "Conv1D";
        });
        Assert.AreEqual("HLS0103", e.Diagnostic.Code);
        Assert.AreEqual("td_dense", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "wraps a Conv1D");
    }

    [TestMethod]
    public void QKerasRecurrentLayersTakeTheirWeightQuantizersTypesAndRefuseCellQuantizers()
    {
        var graph = Convert("keras2_qrecurrent");
        RunBackend(graph, new HlsConfig());
        static string Format(Hls4ml.Types.Precision p) => p is Hls4ml.Types.FixedPrecision f ? $"<{f.TotalWidth},{f.Integer}>" : p.ToCpp();
        var lstm = graph.Layers.Single(l => l.Name == "qlstm");
        Assert.AreEqual("<8,1>", Format(lstm.Types["weight"]), "quantized_bits(8,0)");
        Assert.AreEqual("<6,1>", Format(lstm.Types["recurrent_weight"]), "quantized_bits(6,0)");
        Assert.AreEqual("<8,2>", Format(lstm.Types["bias"]), "quantized_bits(8,1)");
        var gru = graph.Layers.Single(l => l.Name == "qgru");
        Assert.AreEqual("<8,3>", Format(gru.Types["recurrent_bias"]), "reset_after: both bias rows come from the bias quantizer");

        var e = ConvertFails("keras2_qrecurrent", m => Layer(m, "qgru")["activation"] = "quantized_tanh(4)");
        Assert.AreEqual("HLS0130", e.Diagnostic.Code);
        Assert.AreEqual("qgru", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "inside the cell");
        e = ConvertFails("keras2_qrecurrent", m => Layer(m, "qlstm")["state_quantizer"] = "quantized_bits(8,0)");
        Assert.AreEqual("HLS0130", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "state_quantizer");
    }
}
