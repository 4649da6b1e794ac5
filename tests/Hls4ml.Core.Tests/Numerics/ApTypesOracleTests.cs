using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Hls4ml.Tests.Numerics;

/// <summary>
/// Our ap_int/ap_fixed/hls_stream headers against an exact-rational oracle (tests/cpp/ap_types: ~9000 cases generated
/// with Python's Fraction, independent of the C++), plus header/API checks. Runs tests/cpp/ap_types/run.sh.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class ApTypesOracleTests
{
    [TestMethod]
    [Timeout(600_000)]
    public void HeadersMatchTheExactRationalOracle()
    {
        var script = Path.Combine(TestPaths.RepoRoot, "tests", "cpp", "ap_types", "run.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var output = stdout.Result + stderr.Result;
        Assert.AreEqual(0, p.ExitCode, output);
        var m = Regex.Match(output, @"ap_types: (\d+) passed, (\d+) failed");
        Assert.IsTrue(m.Success, output);
        Assert.AreEqual("0", m.Groups[2].Value, output);
        Assert.IsGreaterThan(5000, int.Parse(m.Groups[1].Value), output);
    }
}
