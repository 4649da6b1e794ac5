using Hls4ml.Backends;
using Hls4ml.Simulation;

namespace Hls4ml.Tests.Simulation;

/// <summary>
/// The C simulation's cache key and HlsCSim's input digest cover what the simulation reads (C++ sources, headers,
/// weights), not the Tcl scripts or the manifest: a new part, clock or IP version neither recompiles nor reruns it.
/// </summary>
[TestClass]
public sealed class SimulationSourcesHashTests
{
    [TestMethod]
    public void TclAndManifestChangesKeepTheHashSourceAndWeightChangesChangeIt()
    {
        var dir = TestPaths.NewTempDir("simhash");
        try
        {
            void Write(string rel, string text)
            {
                var path = Path.Combine(dir, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
            Write("firmware/m.cpp", "int f() { return 1; }");
            Write("firmware/weights/w2.txt", "0.5, 0.25");
            Write("build_prj.tcl", "set_part xcvu13p");
            Write(HlsWriter.ManifestFile, "{\"files\": [\"firmware/m.cpp\", \"firmware/weights/w2.txt\", \"build_prj.tcl\"]}");
            var original = CSimRunner.SimulationSourcesHash(dir);

            Write("build_prj.tcl", "set_part xc7z020");
            Assert.AreEqual(original, CSimRunner.SimulationSourcesHash(dir), "a Tcl change");
            Write(HlsWriter.ManifestFile, "{\"files\": [\"firmware/m.cpp\", \"firmware/weights/w2.txt\", \"build_prj.tcl\"], \"part\": \"x\"}");
            Assert.AreEqual(original, CSimRunner.SimulationSourcesHash(dir), "a manifest change");
            Assert.AreNotEqual(original, HlsWriter.HashTree(dir), "the whole-tree hash does see the Tcl change");

            Write("firmware/weights/w2.txt", "0.5, 0.125");
            var weights = CSimRunner.SimulationSourcesHash(dir);
            Assert.AreNotEqual(original, weights, "a weight change");
            Write("firmware/m.cpp", "int f() { return 2; }");
            Assert.AreNotEqual(weights, CSimRunner.SimulationSourcesHash(dir), "a source change");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
