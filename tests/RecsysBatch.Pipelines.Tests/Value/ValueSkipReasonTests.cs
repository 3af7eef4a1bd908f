using RecsysBatch.Pipelines.Tests.Features;
using static RecsysBatch.Pipelines.Tests.Value.ValueHarness;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>The value skip note tells a short history (lower horizonDays) from a source with too few customers (no horizon helps).</summary>
[TestClass]
public sealed class ValueSkipReasonTests
{
    [TestMethod]
    public void CannotApplyReason_TwelveCustomersOverAYear_SaysTooFewCustomersNotHorizon()
    {
        using var folder = new TempFolder();
        var few = BtydSimulator.Events(customers: 12, days: 365, cohortDays: 60, seed: 1);

        var reason = CannotApply(few, EventTableBuilder.Snapshot, folder.Path)!;

        StringAssert.Contains(reason, "too few customers at any horizon");
        StringAssert.Contains(reason, "minCustomers");
        Assert.DoesNotContain("horizonDays", reason);
    }

    [TestMethod]
    public void CannotApplyReason_PurchasesOnlyAfterTheAnchor_SaysHistoryTooShort()
    {
        using var folder = new TempFolder();
        var events = BtydSimulator.Events(customers: 200, days: 30, cohortDays: 25, seed: 1);

        var reason = CannotApply(events, EventTableBuilder.Snapshot, folder.Path, horizonDays: 28)!;

        StringAssert.Contains(reason, "0 customers purchased before the training anchor");
        StringAssert.Contains(reason, "too short for a 28-day horizon (lower horizonDays to at most ");
        var fits = int.Parse(reason.Split("at most ")[1].TrimEnd(')'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsNull(CannotApply(events, EventTableBuilder.Snapshot, folder.Path, horizonDays: fits), $"the suggested horizon {fits} applies");
        Assert.IsNotNull(CannotApply(events, EventTableBuilder.Snapshot, folder.Path, horizonDays: fits + 1), "and is the longest that does");
    }
}
