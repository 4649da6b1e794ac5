using System.Globalization;
using System.Xml.Linq;
using Hls4ml.Config;
using Hls4ml.Types;

namespace Hls4ml.Tests.Configuration;

/// <summary>
/// HlsConfig holds the defaults; Sdk.props repeats them so MSBuild users see $(HlsPart) and friends. This keeps the two
/// equal, so a default changes in one place and the test names the property that disagrees.
/// </summary>
[TestClass]
public sealed class DefaultsTests
{
    [TestMethod]
    public void SdkPropsDefaultsAreHlsConfigDefaults()
    {
        var props = XDocument.Load(Path.Combine(TestPaths.RepoRoot, "sdk", "Hls4ml.Sdk", "Sdk", "Sdk.props"));
        var values = props.Descendants().Where(e => e.Name.LocalName.StartsWith("Hls", StringComparison.Ordinal) && !e.HasElements)
            .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value);
        var defaults = new HlsConfig();
        var expected = new Dictionary<string, string>
        {
            ["HlsBackend"] = defaults.Backend,
            ["HlsPart"] = defaults.Part,
            ["HlsClockPeriod"] = defaults.ClockPeriod.ToString(CultureInfo.InvariantCulture),
            ["HlsIOType"] = defaults.IOType,
            ["HlsStrategy"] = defaults.Strategy,
            ["HlsReuseFactor"] = defaults.ReuseFactor.ToString(CultureInfo.InvariantCulture),
            ["HlsVersion"] = defaults.Version,
            ["HlsCompatibility"] = defaults.Compatibility.ToString(),
            ["HlsFoldBatchNorm"] = defaults.FoldBatchNorm ? "true" : "false",
            ["HlsMaximumPartitionSize"] = defaults.MaximumPartitionSize.ToString(CultureInfo.InvariantCulture),
            ["HlsUnrollWarningThreshold"] = defaults.UnrollWarningThreshold.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (property, value) in expected)
            Assert.AreEqual(value, values.GetValueOrDefault(property), $"{property} in Sdk.props");
        Assert.AreEqual(defaults.DefaultPrecision, Precision.Parse(values["HlsDefaultPrecision"]), "HlsDefaultPrecision in Sdk.props");
    }
}
