using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Hls4ml.Tests.Numerics;

/// <summary>
/// Our ap_int/ap_fixed against Xilinx's own headers (../shared/vendor/xilinx-ap-types): tests/cpp/vendor_xcheck/run.sh
/// compiles one generated program (every quantization and overflow mode, signed and unsigned, mixed widths up to 1024
/// bits, + - * / % &amp; | ^, comparisons, compound assignment, conversions from double/float and to double/float/int,
/// shifts, C integer operands) against both libraries, and the two outputs must be identical. Outputs are cached by
/// content under the temp folder, so after a change to our headers only our side recompiles.
/// By default the sample part runs (part 6: every 12th case of the six parts, one translation unit, about 1.5 minutes on
/// two cores); HLS4ML_XCHECK_PARTS picks parts ("0 1 2 3 4 5" for every case).
/// </summary>
[TestClass]
public sealed class VendorArithmeticTests
{
    [TestMethod]
    [TestCategory("Cxx")]
    [Timeout(3_600_000)]
    public void OurTypesComputeExactlyWhatTheVendorTypesCompute()
    {
        var vendor = TestPaths.RequireShared("vendor", "xilinx-ap-types");
        var script = Path.Combine(TestPaths.RepoRoot, "tests", "cpp", "vendor_xcheck", "run.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(vendor);
        foreach (var part in (Environment.GetEnvironmentVariable("HLS4ML_XCHECK_PARTS") ?? "6").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            psi.ArgumentList.Add(part);
        psi.Environment["XCHECK_CACHE"] = Path.Combine(Path.GetTempPath(), "hls4ml-tests", "xcheck-cache");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var output = stdout.Result + stderr.Result;
        Console.WriteLine(output);
        Assert.AreEqual(0, p.ExitCode, output);
        var m = Regex.Match(output, @"xcheck: (\d+) lines, (\d+) values in (\d+) parts: identical");
        Assert.IsTrue(m.Success, output);
        Assert.IsGreaterThan(1000, int.Parse(m.Groups[1].Value), output);
    }
}
