using System.IO.Compression;
using System.Text;
using Hls4ml.Diagnostics;
using Hls4ml.Frontends.Keras;
using Newtonsoft.Json.Linq;
using PureHDF;

namespace Hls4ml.Tests.Frontends;

/// <summary>
/// Broken and hostile Keras inputs (issue 17): each ends in one coded error naming the file, the layer where there is
/// one, and never in an internal error, an unhandled exception, a file read outside the model, or a leftover file.
/// HDF5 fixtures come from tests/fixtures/hostile/generate_hdf5_links.py; .keras variants are built here from a committed archive.
/// </summary>
[TestClass]
public sealed class HostileKerasInputTests
{
    private static string Hostile(string file) => Path.Combine(TestPaths.Fixtures, "hostile", file);
    private static string Fixture(string relative) => Path.Combine(TestPaths.Fixtures, relative);
    private static readonly string DenseJson = Fixture("keras/dense_relu_softmax.json");

    /// <summary>Converts, expecting the code and a diagnostic naming 'file' (default: the weights, else the model).</summary>
    private static HlsException ConvertFails(string model, string? weights, DiagnosticDescriptor expected, string? file = null)
    {
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(model, weights));
        Assert.AreEqual(expected.Code, e.Diagnostic.Code, e.Message);
        Assert.AreEqual(file ?? weights ?? model, e.Diagnostic.File, e.Message);
        return e;
    }

    // ------------------------------------------------------------------ HDF5 links and storage

    /// <summary>
    /// external_storage_weights.h5 names this absolute path (PureHDF resolves only absolute ones), so the secret must be
    /// there for the refusal to mean something; written once, atomically, since other test runs may read it.
    /// </summary>
    private static void PlaceSecret()
    {
        const string target = "/tmp/hls4ml-hostile-secret.bin";
        var secret = File.ReadAllBytes(Hostile("secret.bin"));
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(secret)) return;
        var staging = $"{target}.{Guid.NewGuid():N}";
        File.WriteAllBytes(staging, secret);
        File.Move(staging, target, overwrite: true);
    }

    [TestMethod]
    [DataRow("external_link_weights.h5", "external link 'kernel:0'", "dense_1")]
    [DataRow("external_link_dense_weights.h5", "external link 'kernel:0'", "dense_1")]
    [DataRow("external_storage_weights.h5", "external file(s) '/tmp/hls4ml-hostile-secret.bin'", "dense_1")]
    [DataRow("virtual_weights.h5", "virtual dataset", "dense_1")]
    [DataRow("soft_link_cycle_weights.h5", "soft link 'kernel:0'", "dense_1")]
    [DataRow("soft_link_cycle_latest_weights.h5", "soft link 'kernel:0'", "dense_1")]
    [DataRow("soft_link_weights.h5", "soft link 'kernel:0'", "dense_1")]
    [DataRow("external_link_group_weights.h5", "external link 'dense_2'", null)]
    public void WeightsThatPointOutsideTheFileAreRefused(string file, string what, string? layer)
    {
        PlaceSecret();
        var e = ConvertFails(DenseJson, Hostile(file), DiagnosticCodes.Hdf5ExternalReference);
        StringAssert.Contains(e.Diagnostic.Message, what);
        Assert.AreEqual(layer, e.Diagnostic.Layer);
        Assert.DoesNotContain("1000", e.Message, "nothing of the secret may be read");
    }

    [TestMethod]
    public void FullModelWithAnExternalLayerGroupIsRefused()
    {
        var e = ConvertFails(Hostile("external_link_model.h5"), null, DiagnosticCodes.Hdf5ExternalReference);
        StringAssert.Contains(e.Diagnostic.Message, "'secret.h5'");
    }

    [TestMethod]
    public void KerasArchiveWithAnExternalLinkIsRefused()
    {
        var e = ConvertFails(Hostile("external_link.keras"), null, DiagnosticCodes.Hdf5ExternalReference);
        StringAssert.Contains(e.Diagnostic.Message, "model.weights.h5 inside");
        StringAssert.Contains(e.Diagnostic.Message, "external link '0'");
    }

    [TestMethod]
    public void KerasArchiveWhoseGroupsContainThemselvesEnds()
    {
        var e = ConvertFails(Hostile("group_cycle.keras"), null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, "nest deeper than");
    }

    /// <summary>The fixtures are a real threat: PureHDF on its own follows them to the data outside the file.</summary>
    [TestMethod]
    public void PureHdfAloneWouldReadTheSecret()
    {
        PlaceSecret();
        foreach (var file in new[] { "external_link_weights.h5", "external_storage_weights.h5", "virtual_weights.h5" })
        {
            using var h5 = H5File.OpenRead(Hostile(file));
            var values = h5.Group("dense_1").Group("dense_1").Dataset("kernel:0").Read<float[]>();
            Assert.AreEqual(1000f, values[0], file);
        }
    }

    [TestMethod]
    public void PureHdfInternalsUsedToRefuseLinksExist() => Hdf5Links.Verify();

    [TestMethod]
    public void CommittedWeightsStillRead()
    {
        // The link check walks every group of real files without complaint (old-style groups, h5py 2 and 3).
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(DenseJson, Fixture("keras/dense_relu_softmax_weights.h5"));
        var kernel = graph.FindLayer("dense_1")!.Weights["weight"];
        using var h5 = H5File.OpenRead(Fixture("keras/dense_relu_softmax_weights.h5"));
        CollectionAssert.AreEqual(h5.Group("dense_1").Group("dense_1").Dataset("kernel:0").Read<float[]>(), kernel.Data);
    }

    // ------------------------------------------------------------------ .keras archives

    private static string Archive(string name, Action<List<(string Name, byte[] Data)>> edit, string seed = "keras3/sequential_mlp.keras")
    {
        var entries = new List<(string Name, byte[] Data)>();
        using (var zip = ZipFile.OpenRead(Fixture(seed)))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                entries.Add((e.FullName, ms.ToArray()));
            }
        edit(entries);
        var path = Path.Combine(TestPaths.NewTempDir("hostile-keras"), name + ".keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            foreach (var (entryName, data) in entries)
            {
                using var s = zip.CreateEntry(entryName).Open();
                s.Write(data);
            }
        return path;
    }

    /// <summary>An archive whose config.json is the seed's after 'edit'.</summary>
    private static string EditedConfig(string name, Action<JObject> edit, string seed = "keras3/sequential_mlp.keras") =>
        Archive(name, entries =>
        {
            int i = entries.FindIndex(e => e.Name == "config.json");
            var config = JObject.Parse(Encoding.UTF8.GetString(entries[i].Data));
            edit(config);
            entries[i] = ("config.json", Encoding.UTF8.GetBytes(config.ToString()));
        }, seed);

    private static JArray Layers(JObject config) => (JArray)config["config"]!["layers"]!;

    [TestMethod]
    public void DuplicateLayerNamesNameTheLayer()
    {
        var path = EditedConfig("dup", c => Layers(c)[2]["name"] = Layers(c)[2]["config"]!["name"] = "dense");
        var e = ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, "two layers are named 'dense'");
        Assert.AreEqual("dense", e.Diagnostic.Layer);
    }

    [TestMethod]
    [DataRow("{}")]
    [DataRow("{\"class_name\": \"Dense\"}")]
    [DataRow("{\"class_name\": \"Dense\", \"name\": 5, \"config\": {\"name\": [1]}}")]
    [DataRow("{\"class_name\": {\"x\": 1}, \"name\": \"d\"}")]
    [DataRow("[1, 2]")]
    [DataRow("null")]
    public void BrokenLayerObjectsAreCoded(string layer)
    {
        var path = EditedConfig("layer", c => Layers(c).Insert(1, JToken.Parse(layer)));
        var e = ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, "layer #2");
    }

    [TestMethod]
    [DataRow("[]")]
    [DataRow("[5, 0, 0]")]
    [DataRow("\"inputs\"")]
    [DataRow("{\"a\": 1}")]
    public void MalformedKerasHistoryNamesTheLayer(string history)
    {
        var path = EditedConfig("history", c =>
            Layers(c).Single(l => (string?)l["name"] == "right")["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"] = JToken.Parse(history),
            "keras3/functional_add.keras");
        var e = ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, "keras_history");
        Assert.AreEqual("right", e.Diagnostic.Layer);
    }

    [TestMethod]
    [DataRow("\"abc\"")]
    [DataRow("{\"args\": 5}")]
    [DataRow("[[[\"inputs\", 0, 0]]]")]
    public void MalformedInboundNodesAreCoded(string nodes)
    {
        var path = EditedConfig("nodes", c =>
            Layers(c).Single(l => (string?)l["name"] == "right")["inbound_nodes"] = JToken.Parse(nodes), "keras3/functional_add.keras");
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path));
        Assert.AreNotEqual(DiagnosticCodes.InternalError.Code, e.Diagnostic.Code);
        Assert.AreEqual(path, e.Diagnostic.File);
        Assert.AreEqual("right", e.Diagnostic.Layer, e.Message);
    }

    [TestMethod]
    [DataRow("config.json", "has no config.json")]
    [DataRow("model.weights.h5", "has no model.weights.h5")]
    public void MissingEntriesAreNamed(string entry, string message)
    {
        var path = Archive("missing", entries => entries.RemoveAll(e => e.Name == entry));
        var e = ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, message);
    }

    [TestMethod]
    public void DuplicatedEntryIsRefused()
    {
        // Two config.json entries: zip tools disagree on which one counts, so neither is trusted.
        var path = Archive("twice", entries => entries.Add(entries.First(e => e.Name == "config.json")));
        var e = ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, "2 entries named config.json");
    }

    [TestMethod]
    public void InvalidConfigJsonGivesTheLine()
    {
        var path = Archive("json", entries =>
        {
            int i = entries.FindIndex(e => e.Name == "config.json");
            entries[i] = ("config.json", Encoding.UTF8.GetBytes("{\n\"class_name\": \"Sequential\",\n\"config\": {\"layers\": [}\n}"));
        });
        var e = ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, "config.json is not valid JSON");
        Assert.AreEqual(3, e.Diagnostic.Line);
    }

    [TestMethod]
    [DataRow(100)]
    [DataRow(2000)]
    [DataRow(12000)]
    public void TruncatedWeightsAreCodedAndLeaveNoFile(int length)
    {
        var before = Directory.EnumerateFiles(Path.GetTempPath(), "hls4ml-keras3-*").Count();
        var path = Archive("truncated", entries =>
        {
            int i = entries.FindIndex(e => e.Name == "model.weights.h5");
            entries[i] = ("model.weights.h5", entries[i].Data[..Math.Min(length, entries[i].Data.Length - 1)]);
        });
        var e = ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
        StringAssert.Contains(e.Diagnostic.Message, "model.weights.h5 inside");
        Assert.AreEqual(before, Directory.EnumerateFiles(Path.GetTempPath(), "hls4ml-keras3-*").Count(), "no temporary file may be left");
    }

    [TestMethod]
    public void FailingNormalisationLeavesNoTemporaryFile()
    {
        var before = Directory.EnumerateFiles(Path.GetTempPath(), "hls4ml-keras3-*").Count();
        for (int i = 0; i < 3; i++)
            ConvertFails(EditedConfig("norm", c => c["config"] = "nothing"), null, DiagnosticCodes.UnreadableModelFile);
        Assert.AreEqual(before, Directory.EnumerateFiles(Path.GetTempPath(), "hls4ml-keras3-*").Count());
    }

    [TestMethod]
    public void ConfigThatInflatesPastTheLimitIsRefusedWithTheLimit()
    {
        // 65 MiB of spaces deflate to about 64 KiB: a small archive, a config past the 64 MiB limit.
        var path = Archive("bomb", entries =>
        {
            int i = entries.FindIndex(e => e.Name == "config.json");
            var padded = new byte[(65 << 20) + entries[i].Data.Length];
            Array.Fill(padded, (byte)' ');
            entries[i].Data.CopyTo(padded, 0);
            entries[i] = ("config.json", padded);
        });
        Assert.IsLessThan(1 << 20, new FileInfo(path).Length);
        var e = ConvertFails(path, null, DiagnosticCodes.InputTooLarge);
        StringAssert.Contains(e.Diagnostic.Message, "config.json");
        StringAssert.Contains(e.Diagnostic.Message, "64 MiB");
    }

    [TestMethod]
    public void NonZipArchiveIsCoded()
    {
        var path = Path.Combine(TestPaths.NewTempDir("hostile-keras"), "half.keras");
        var bytes = File.ReadAllBytes(Fixture("keras3/sequential_mlp.keras"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        ConvertFails(path, null, DiagnosticCodes.UnreadableModelFile);
    }

    // ------------------------------------------------------------------ Keras 2 JSON quirks

    private static string EditedJson(Action<JObject> edit)
    {
        var json = JObject.Parse(File.ReadAllText(DenseJson));
        edit(json);
        var path = Path.Combine(TestPaths.NewTempDir("hostile-json"), "model.json");
        File.WriteAllText(path, json.ToString());
        return path;
    }

    private static JObject Layer(JObject model, int i) => (JObject)model["config"]!["layers"]![i]!["config"]!;

    [TestMethod]
    [DataRow("\"abc\"")]
    [DataRow("-3")]
    [DataRow("0")]
    [DataRow("1e12")]
    [DataRow("99999999999")]
    [DataRow("[16]")]
    [DataRow("null")]
    public void BadUnitsAreCodedWithTheLayer(string units)
    {
        var path = EditedJson(m => Layer(m, 1)["units"] = JToken.Parse(units));
        var e = Assert.ThrowsExactly<HlsException>(() =>
            HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, Fixture("keras/dense_relu_softmax_weights.h5")));
        Assert.AreNotEqual(DiagnosticCodes.InternalError.Code, e.Diagnostic.Code);
        Assert.AreEqual("dense_2", e.Diagnostic.Layer, e.Message);
        Assert.IsNotNull(e.Diagnostic.File);
    }

    [TestMethod]
    [DataRow("[null, 2000000000]")]
    [DataRow("[null, 100000, 100000]")]
    [DataRow("[null, -10]")]
    [DataRow("[null, \"10\"]")]
    [DataRow("[null, 10.5]")]
    public void BadInputShapesAreCoded(string shape)
    {
        var path = EditedJson(m => Layer(m, 0)["batch_input_shape"] = JToken.Parse(shape));
        var e = Assert.ThrowsExactly<HlsException>(() =>
            HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, Fixture("keras/dense_relu_softmax_weights.h5")));
        Assert.AreNotEqual(DiagnosticCodes.InternalError.Code, e.Diagnostic.Code);
        Assert.AreEqual(path, e.Diagnostic.File, e.Message);
    }

    /// <summary>A config value of the wrong type is an error naming the key, never silently the default.</summary>
    [TestMethod]
    [DataRow("keras/dense_relu_softmax", "Dense", "use_bias", "\"no\"", "expected true or false")]
    [DataRow("keras/dense_relu_softmax", "Dense", "units", "3000000000", "expected a 32-bit integer")]
    [DataRow("layers/cnn/cnn_mixed", "Conv2D", "padding", "5", "expected a string")]
    [DataRow("layers/cnn/cnn_mixed", "Conv2D", "filters", "[4]", "expected a 32-bit integer")]
    [DataRow("layers/cnn/cnn_mixed", "Conv2D", "strides", "3000000000", "expected an integer or 2 integers")]
    public void WronglyTypedConfigValuesNameTheKey(string model, string cls, string key, string value, string expected)
    {
        var json = JObject.Parse(File.ReadAllText(Fixture(model + ".json")));
        var layer = json["config"]!["layers"]!.First(l => (string?)l["class_name"] == cls);
        layer["config"]![key] = JToken.Parse(value);
        var path = Path.Combine(TestPaths.NewTempDir("hostile-json"), "model.json");
        File.WriteAllText(path, json.ToString());
        var e = ConvertFails(path, Fixture(model + "_weights.h5"), DiagnosticCodes.UnreadableModelFile, path);
        StringAssert.Contains(e.Diagnostic.Message, $"'{key}'");
        StringAssert.Contains(e.Diagnostic.Message, expected);
        Assert.AreEqual((string)layer["config"]!["name"]!, e.Diagnostic.Layer);
    }

    /// <summary>NaN or infinite parameters (Python's json writes them) would silently poison every result.</summary>
    [TestMethod]
    [DataRow("NaN")]
    [DataRow("Infinity")]
    [DataRow("1e400")]
    public void NonFiniteParametersAreRefused(string value)
    {
        var text = File.ReadAllText(Fixture("layers/activations/activations_tfjs.json"));
        var json = JObject.Parse(text);
        var leaky = json["config"]!["layers"]!.First(l => (string?)l["class_name"] == "LeakyReLU")["config"]!;
        leaky["alpha"] = 12345.5;
        var path = Path.Combine(TestPaths.NewTempDir("hostile-json"), "model.json");
        File.WriteAllText(path, json.ToString().Replace("12345.5", value, StringComparison.Ordinal));
        var e = ConvertFails(path, Fixture("layers/activations/activations_tfjs_weights.h5"), DiagnosticCodes.UnreadableModelFile, path);
        StringAssert.Contains(e.Diagnostic.Message, "expected a finite number");
        Assert.AreEqual((string)leaky["name"]!, e.Diagnostic.Layer);
    }

    [TestMethod]
    public void HugeTensorIndexInAnInboundNodeIsCoded()
    {
        var json = JObject.Parse(File.ReadAllText(Fixture("layers/merge/merge_branches.json")));
        var reference = (JArray)json["config"]!["layers"]!.First(l => (string?)l["name"] == "a")["inbound_nodes"]![0]![0]!;
        reference[2] = 424242;
        var path = Path.Combine(TestPaths.NewTempDir("hostile-json"), "model.json");
        // A tensor index past the range of a long (Python ints have none).
        File.WriteAllText(path, json.ToString().Replace("424242", "99999999999999999999999", StringComparison.Ordinal));
        var e = ConvertFails(path, Fixture("layers/merge/merge_branches_weights.h5"), DiagnosticCodes.UnsupportedGraph, path);
        StringAssert.Contains(e.Diagnostic.Message, "output #99999999999999999999999");
        Assert.AreEqual("a", e.Diagnostic.Layer);
    }

    [TestMethod]
    public void TensorsPastTheSizeLimitAreRefused()
    {
        // UpSampling by 65536 x 65536: every dimension fits an int, their product (1e11 values) does not.
        var json = JObject.Parse(File.ReadAllText(Fixture("layers/cnn/upsampling2d.json")));
        json["config"]!["layers"]!.First(l => (string?)l["class_name"] == "UpSampling2D")["config"]!["size"] = new JArray(65536, 65536);
        var path = Path.Combine(TestPaths.NewTempDir("hostile-json"), "model.json");
        File.WriteAllText(path, json.ToString());
        var e = ConvertFails(path, Fixture("layers/cnn/upsampling2d_weights.h5"), DiagnosticCodes.InputTooLarge, path);
        StringAssert.Contains(e.Diagnostic.Message, "2^28");
    }

    [TestMethod]
    public void DuplicateNamesInKerasJsonNameTheLayer()
    {
        var path = EditedJson(m => Layer(m, 2)["name"] = "dense_1");
        var e = ConvertFails(path, Fixture("keras/dense_relu_softmax_weights.h5"), DiagnosticCodes.UnreadableModelFile, path);
        Assert.AreEqual("dense_1", e.Diagnostic.Layer);
    }

    [TestMethod]
    public void HugeJsonIsRefusedBeforeReading()
    {
        var path = Path.Combine(TestPaths.NewTempDir("hostile-json"), "big.json");
        using (var f = File.Create(path)) f.SetLength((64L << 20) + 1);
        var e = ConvertFails(path, Fixture("keras/dense_relu_softmax_weights.h5"), DiagnosticCodes.InputTooLarge, path);
        StringAssert.Contains(e.Diagnostic.Message, "64 MiB");
    }
}
