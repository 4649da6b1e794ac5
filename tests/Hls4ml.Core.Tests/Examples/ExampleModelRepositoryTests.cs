using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Examples;

namespace Hls4ml.Tests.Examples;

/// <summary>fetch_example_model against the shared example models served on the loopback interface.</summary>
[TestClass]
public sealed class ExampleModelRepositoryTests
{
    private static HlsException Fails(Action action, string code)
    {
        var e = Assert.ThrowsExactly<HlsException>(action);
        Assert.AreEqual(code, e.Diagnostic.Code, e.Message);
        return e;
    }

    [TestMethod]
    public void FetchesModelWeightsAndConfigOnceThenFromTheCache()
    {
        var root = TestPaths.RequireShared("models", "example-models");
        var cache = TestPaths.NewTempDir("examples");
        FetchedExample keras, onnx;
        using (var server = new LoopbackFileServer(root))
        {
            var repository = new ExampleModelRepository(server.Url, cache);
            var listing = repository.List();
            CollectionAssert.Contains(listing.Frameworks["keras"].ToList(), "KERAS_3layer.json");
            keras = repository.Fetch("KERAS_3layer");
            Assert.AreEqual("keras", keras.Framework);
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(root, "keras", "KERAS_3layer_weights.h5")), File.ReadAllBytes(keras.Weights!));
            // No config-files/three_layer_keras_config.yml: the framework's template configuration is used.
            onnx = repository.Fetch("three_layer_keras.onnx");
            Assert.AreEqual(Path.Combine(cache, "onnx", "three_layer_keras.onnx"), onnx.Model);
            Assert.IsNull(onnx.Weights);
            var before = server.Requests;
            repository.Fetch("KERAS_3layer");
            Assert.AreEqual(before, server.Requests, "a cached example does not touch the network");
        }

        // The rewritten configuration names the downloaded files and keeps the settings.
        var config = Hls4mlConfigFile.Read(keras.ConfigFile);
        Assert.AreEqual(keras.Model, config.Model!.Model);
        Assert.AreEqual(keras.Weights, config.Model.Weights);
        Assert.AreEqual("xcku115-flvb2104-2-i", config.Properties[ConfigProperty.Part].Value);
        Assert.IsFalse(config.Properties.ContainsKey(ConfigProperty.OutputDir), "a downloaded config does not choose the output folder");
        Assert.AreEqual(onnx.Model, Hls4mlConfigFile.Read(onnx.ConfigFile).Model!.Model);

        // Offline now: the cache still serves, and a ready project is written.
        var cached = new ExampleModelRepository(LoopbackFileServer.DeadUrl(), cache).Fetch("KERAS_3layer");
        var dir = TestPaths.NewTempDir("example-project");
        var project = ExampleModelRepository.WriteProject(cached, dir, "0.1.0", overwrite: false);
        StringAssert.Contains(File.ReadAllText(project), "<HlsConfigFile Include=\"KERAS_3layer_config.yml\" />");
        StringAssert.Contains(File.ReadAllText(project), "Sdk=\"Hls4ml.Sdk/0.1.0\"");
        Assert.AreEqual(Path.Combine(dir, "KERAS_3layer.json"), Hls4mlConfigFile.Read(Path.Combine(dir, "KERAS_3layer_config.yml")).Model!.Model);
        Fails(() => ExampleModelRepository.WriteProject(cached, dir, "0.1.0", overwrite: false), "HLS0162");
    }

    [TestMethod]
    public void NetworkFailuresAreCodedWithTheUrl()
    {
        var dead = LoopbackFileServer.DeadUrl();
        var e = Fails(() => new ExampleModelRepository(dead, TestPaths.NewTempDir("examples")).Fetch("KERAS_3layer"), "HLS0028");
        StringAssert.Contains(e.Message, dead + "available_models.json");

        var root = TestPaths.NewTempDir("repo");
        File.WriteAllText(Path.Combine(root, "available_models.json"), """{"keras": ["m.json"]}""");
        using var server = new LoopbackFileServer(root);
        var missing = Fails(() => new ExampleModelRepository(server.Url, TestPaths.NewTempDir("examples")).Fetch("m"), "HLS0028");
        StringAssert.Contains(missing.Message, server.Url + "keras/m.json");
        StringAssert.Contains(missing.Message, "HTTP 404");
        Fails(() => new ExampleModelRepository("ftp://example.org/", "c"), "HLS0028");
    }

    [TestMethod]
    public void DownloadedNamesAreUntrusted()
    {
        foreach (var hostile in new[] { "../escape.json", "/etc/passwd", "a/b.json", "..", ".hidden", "x\\y.onnx", "ok\n.json" })
        {
            var json = Newtonsoft.Json.JsonConvert.SerializeObject(new Dictionary<string, string[]> { ["keras"] = new[] { "fine.json", hostile } });
            Fails(() => ExampleListing.Parse(json, "http://127.0.0.1/available_models.json"), "HLS0160");
        }
        Fails(() => ExampleListing.Parse("""{"../keras": ["a.json"]}""", "u"), "HLS0160");
        Fails(() => ExampleListing.Parse("""{"keras": "a.json"}""", "u"), "HLS0161");
        Fails(() => ExampleListing.Parse("[1, 2]", "u"), "HLS0161");

        var listing = ExampleListing.Parse("""{"keras": ["KERAS_3layer.json", "KERAS_1layer.json"], "onnx": ["KERAS_3layer.onnx"]}""", "u");
        Assert.AreEqual(("keras", "KERAS_1layer.json"), listing.Find("KERAS_1layer"));
        StringAssert.Contains(Fails(() => listing.Find("KERAS_3layer"), "HLS0029").Message, "name the file with its extension");
        Assert.AreEqual(("onnx", "KERAS_3layer.onnx"), listing.Find("KERAS_3layer.onnx"));
        StringAssert.Contains(Fails(() => listing.Find("KERAS_2layer"), "HLS0029").Message, "Available: keras/KERAS_3layer.json");
        Fails(() => new ExampleModelRepository("http://127.0.0.1:9/", TestPaths.NewTempDir("examples")).Fetch("../../etc/passwd"), "HLS0029");
    }

    [TestMethod]
    public void RewrittenConfigurationsNameOnlyTheDownloadedFiles()
    {
        var text = ExampleModelRepository.RewriteConfig("""
            KerasJson: ../../elsewhere/model.json
            KerasH5: /abs/weights.h5
            OutputDir: /tmp/anywhere
            InputData: ../secret.dat
            Part: xcvu9p-flga2577-2-e
            HLSConfig:
              Model: {Precision: "ap_fixed<8,3>"}
            """, "keras", "m.json", "m_weights.h5", "http://127.0.0.1/config-files/m_config.yml");
        var dir = TestPaths.NewTempDir("rewrite");
        File.WriteAllText(Path.Combine(dir, "m_config.yml"), text);
        var config = Hls4mlConfigFile.Read(Path.Combine(dir, "m_config.yml"));
        Assert.AreEqual(Path.Combine(dir, "m.json"), config.Model!.Model);
        Assert.AreEqual(Path.Combine(dir, "m_weights.h5"), config.Model.Weights);
        Assert.IsNull(config.TestData);
        Assert.IsFalse(config.Properties.ContainsKey(ConfigProperty.OutputDir));
        Assert.AreEqual("ap_fixed<8,3>", config.Properties[ConfigProperty.DefaultPrecision].Value);
        Assert.AreEqual(0, config.Diagnostics.Count, string.Join("\n", config.Diagnostics));
    }
}
