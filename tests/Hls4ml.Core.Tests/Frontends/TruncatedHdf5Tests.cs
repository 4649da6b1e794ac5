using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Frontends.Keras;

namespace Hls4ml.Tests.Frontends;

/// <summary>
/// A weights file cut off (interrupted download or copy) is reported as truncated (HLS0102), not as weights "probably
/// saved from a different model" (HLS0104). Files written by h5py declare their full length in the superblock.
/// </summary>
[TestClass]
public sealed class TruncatedHdf5Tests
{
    [TestMethod]
    [DataRow("dense_relu_softmax.json", "dense_relu_softmax_weights.h5", 0.5)]
    [DataRow("dense_relu_softmax.json", "dense_relu_softmax_weights.h5", 0.95)]
    [DataRow(null, "functional_mlp.h5", 0.7)]
    public void TruncatedWeightsAreACorruptFileError(string? architecture, string weightsFile, double keep)
    {
        var fixtures = Path.Combine(TestPaths.Fixtures, "keras");
        var original = File.ReadAllBytes(Path.Combine(fixtures, weightsFile));
        var dir = TestPaths.NewTempDir("truncated");
        try
        {
            var cut = Path.Combine(dir, weightsFile);
            File.WriteAllBytes(cut, original.AsSpan(0, (int)(original.Length * keep)).ToArray());
            var e = Assert.ThrowsExactly<HlsException>(() => architecture is null
                ? KerasModelReader.Read(cut, null, HlsRegistry.CreateDefault())
                : KerasModelReader.Read(Path.Combine(fixtures, architecture), cut, HlsRegistry.CreateDefault()));
            Assert.AreEqual(DiagnosticCodes.UnreadableModelFile.Code, e.Diagnostic.Code, e.Message);
            StringAssert.Contains(e.Diagnostic.Message, "is truncated");
            StringAssert.Contains(e.Diagnostic.Message, $"declares {original.Length}", "the declared length is the complete file's");
            StringAssert.Contains(e.Diagnostic.Message, $"has {(int)(original.Length * keep)} bytes");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestMethod]
    public void CompleteFileWithTrailingBytesIsNotTruncated()
    {
        var fixtures = Path.Combine(TestPaths.Fixtures, "keras");
        var dir = TestPaths.NewTempDir("padded");
        try
        {
            var padded = Path.Combine(dir, "w.h5");
            File.WriteAllBytes(padded, [.. File.ReadAllBytes(Path.Combine(fixtures, "dense_relu_softmax_weights.h5")), .. new byte[100]]);
            var graph = KerasModelReader.Read(Path.Combine(fixtures, "dense_relu_softmax.json"), padded, HlsRegistry.CreateDefault());
            Assert.IsNotEmpty(graph.Layers);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
