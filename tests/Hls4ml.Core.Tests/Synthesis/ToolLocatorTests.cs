using Hls4ml.Diagnostics;
using Hls4ml.Synthesis;

namespace Hls4ml.Tests.Synthesis;

/// <summary>Tool discovery order (HlsToolPath, XILINX_HLS/VITIS/VIVADO, PATH), version detection and the not-found error.</summary>
[TestClass]
public sealed class ToolLocatorTests
{
    private readonly List<string> _temp = new();

    [TestInitialize]
    public void RequireUnix()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("uses shell scripts as fake tools");
    }

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _temp)
            try { if (Directory.Exists(d)) Directory.Delete(d, true); } catch (IOException) { }
    }

    private string Root()
    {
        var d = TestPaths.NewTempDir("locator");
        _temp.Add(d);
        return d;
    }

    /// <summary>An executable script at root/relative printing a version banner.</summary>
    private static string Tool(string root, string relative, string banner = "****** Vivado(TM) HLS - High-Level Synthesis from C, C++ and SystemC v2019.2 (64-bit)", bool executable = true)
    {
        var p = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, $"#!/bin/sh\necho '{banner}'\n");
        if (executable) File.SetUnixFileMode(p, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return p;
    }

    private static HlsToolLocator Locator(Dictionary<string, string> env) => new() { GetEnvironmentVariable = k => env.GetValueOrDefault(k) };

    [TestMethod]
    public void ToolPathMayBeTheExecutableAFolderOrItsInstallRoot()
    {
        var root = Root();
        var exe = Tool(root, "Xilinx/Vivado/2019.2/bin/vivado_hls");
        var none = new Dictionary<string, string>();
        foreach (var given in new[] { exe, Path.Combine(root, "Xilinx/Vivado/2019.2/bin"), Path.Combine(root, "Xilinx/Vivado/2019.2") })
        {
            var t = Locator(none).Find("Vivado", given);
            Assert.AreEqual(HlsToolKind.VivadoHls, t.Kind, given);
            Assert.AreEqual(exe, t.Path, given);
            Assert.AreEqual("HlsToolPath", t.FoundVia);
            Assert.AreEqual("2019.2", t.Version, "version from the install path");
        }
    }

    [TestMethod]
    public void EnvironmentVariablesComeBeforePathInTheDocumentedOrder()
    {
        var root = Root();
        var onPath = Tool(root, "path/vitis_hls");
        var vitis = Tool(root, "Vitis/2022.2/bin/vitis_hls");
        var hls = Tool(root, "Vitis_HLS/2021.2/bin/vitis_hls");
        var env = new Dictionary<string, string> { ["PATH"] = Path.GetDirectoryName(onPath)!, ["XILINX_VITIS"] = Path.Combine(root, "Vitis/2022.2") };
        Assert.AreEqual(vitis, Locator(env).Find("Vitis").Path);
        Assert.AreEqual("$XILINX_VITIS", Locator(env).Find("Vitis").FoundVia);
        env["XILINX_HLS"] = Path.Combine(root, "Vitis_HLS/2021.2");
        Assert.AreEqual(hls, Locator(env).Find("Vitis").Path, "XILINX_HLS first");
        env.Remove("XILINX_HLS");
        env.Remove("XILINX_VITIS");
        var found = Locator(env).Find("Vitis");
        Assert.AreEqual(onPath, found.Path);
        Assert.AreEqual("PATH", found.FoundVia);
    }

    [TestMethod]
    public void VitisPrefersVitisRunInTheSameFolder()
    {
        var root = Root();
        Tool(root, "Vitis/2023.2/bin/vitis_hls");
        var run = Tool(root, "Vitis/2023.2/bin/vitis-run");
        var t = Locator(new() { ["XILINX_VITIS"] = Path.Combine(root, "Vitis/2023.2") }).Find("vitis");
        Assert.AreEqual(HlsToolKind.VitisRun, t.Kind);
        Assert.AreEqual(run, t.Path);
        Assert.AreEqual("2023.2", t.Version);
        Assert.IsTrue(t.IsSupportedVersion);
    }

    [TestMethod]
    public void VivadoBackendIgnoresVitisTools()
    {
        var root = Root();
        Tool(root, "bin/vitis_hls");
        var vivado = Tool(root, "other/vivado_hls");
        var t = Locator(new() { ["PATH"] = $"{Path.Combine(root, "bin")}:{Path.Combine(root, "other")}" }).Find("Vivado");
        Assert.AreEqual(vivado, t.Path);
    }

    [TestMethod]
    public void NonExecutableFilesAreSkipped()
    {
        var root = Root();
        Tool(root, "a/vivado_hls", executable: false);
        var good = Tool(root, "b/vivado_hls");
        Assert.AreEqual(good, Locator(new() { ["PATH"] = $"{Path.Combine(root, "a")}:{Path.Combine(root, "b")}" }).Find("Vivado").Path);
    }

    [TestMethod]
    public void NotFoundIsOneCodedErrorSayingWhatWhereAndWhatToSet()
    {
        var root = Root();
        var env = new Dictionary<string, string> { ["PATH"] = $"{root}:/nonexistent", ["XILINX_VIVADO"] = Path.Combine(root, "Vivado") };
        var e = Assert.ThrowsExactly<HlsException>(() => new HlsToolLocator { GetEnvironmentVariable = k => env.GetValueOrDefault(k), ProjectFile = "p.hlsproj" }.Find("Vivado"));
        Assert.AreEqual("HLS0501", e.Diagnostic.Code);
        Assert.AreEqual("p.hlsproj", e.Diagnostic.File);
        var m = e.Diagnostic.Message;
        StringAssert.Contains(m, "vivado_hls (HlsBackend=Vivado) was not found");
        StringAssert.Contains(m, "HlsToolPath (not set)");
        StringAssert.Contains(m, "$XILINX_HLS/bin (not set)");
        StringAssert.Contains(m, $"$XILINX_VIVADO/bin = {Path.Combine(root, "Vivado", "bin")} (no vivado_hls)");
        StringAssert.Contains(m, "PATH (2 folders)");
        StringAssert.Contains(m, "Set HlsToolPath");
        StringAssert.Contains(m, "XILINX_VIVADO");
        Assert.IsFalse(m.Contains("report", StringComparison.OrdinalIgnoreCase), "no 'report not found'");
    }

    [TestMethod]
    public void NotFoundMentionsTheOtherBackendsTool()
    {
        var root = Root();
        var vitis = Tool(root, "bin/vitis_hls");
        var e = Assert.ThrowsExactly<HlsException>(() => Locator(new() { ["PATH"] = Path.GetDirectoryName(vitis)! }).Find("Vivado"));
        StringAssert.Contains(e.Diagnostic.Message, $"Found vitis_hls at {vitis}");
        StringAssert.Contains(e.Diagnostic.Message, "HlsBackend=Vitis");
    }

    [TestMethod]
    public void AWrongToolPathIsAnErrorEvenWhenPathHasTheTool()
    {
        var root = Root();
        var onPath = Tool(root, "bin/vivado_hls");
        var e = Assert.ThrowsExactly<HlsException>(() => Locator(new() { ["PATH"] = Path.GetDirectoryName(onPath)! }).Find("Vivado", Path.Combine(root, "nope")));
        StringAssert.Contains(e.Diagnostic.Message, "does not exist");
        StringAssert.Contains(e.Diagnostic.Message, "Point HlsToolPath at the executable");
    }

    [TestMethod]
    public void VersionComesFromTheBannerWhenThePathHasNone()
    {
        var root = Root();
        var exe = Tool(root, "tools/vitis_hls", "****** Vitis HLS - High-Level Synthesis from C, C++ and OpenCL v2020.1 (64-bit)");
        var t = Locator(new() { ["PATH"] = Path.GetDirectoryName(exe)! }).Find("Vitis");
        Assert.AreEqual("2020.1", t.Version);
        Assert.IsFalse(t.IsSupportedVersion, "vitis_hls starts at 2020.2");
        var silent = Tool(root, "quiet/vivado_hls", "no version here");
        Assert.IsNull(Locator(new() { ["PATH"] = Path.GetDirectoryName(silent)! }).Find("Vivado").Version);
    }

    [TestMethod]
    public void SupportedVersionRanges()
    {
        bool? S(HlsToolKind k, string? v) => new HlsTool(k, "/x", v, "test").IsSupportedVersion;
        Assert.IsFalse(S(HlsToolKind.VivadoHls, "2018.1"));
        Assert.IsTrue(S(HlsToolKind.VivadoHls, "2018.2"));
        Assert.IsTrue(S(HlsToolKind.VivadoHls, "2020.1"));
        Assert.IsFalse(S(HlsToolKind.VivadoHls, "2020.2"));
        Assert.IsTrue(S(HlsToolKind.VitisHls, "2020.2"));
        Assert.IsTrue(S(HlsToolKind.VitisHls, "2023.1"));
        Assert.IsFalse(S(HlsToolKind.VitisHls, "2023.2"));
        Assert.IsFalse(S(HlsToolKind.VitisRun, "2023.1"));
        Assert.IsTrue(S(HlsToolKind.VitisRun, "2023.2"));
        Assert.IsTrue(S(HlsToolKind.VitisRun, "2025.1"));
        Assert.IsNull(S(HlsToolKind.VivadoHls, null));
        Assert.IsNull(S(HlsToolKind.VivadoHls, "weird"));
    }

    [TestMethod]
    public void VivadoForLogicSynthesisIsFoundBesideTheHlsTool()
    {
        var root = Root();
        var hls = Tool(root, "Vivado/2019.2/bin/vivado_hls");
        Tool(root, "Vivado/2019.2/bin/vivado");
        var locator = Locator(new());
        var tool = locator.Find("Vivado", hls);
        Assert.AreEqual(Path.GetDirectoryName(hls), locator.FindVivado(tool));
        var lonely = Tool(root, "x/vivado_hls");
        var e = Assert.ThrowsExactly<HlsException>(() => locator.FindVivado(locator.Find("Vivado", lonely)));
        Assert.AreEqual("HLS0501", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "HlsVivadoSynth=true");
    }
}
