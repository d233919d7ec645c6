using System.Xml.Linq;
using BackCare.App.Clinicians;
using BackCare.App.Sharing;
using BackCare.Web.Infrastructure;

namespace BackCare.Web.Tests.Clinician;

/// <summary>The resource keys the clinician and sharing pages build from values exist for every value.</summary>
public sealed class TextKeyTests
{
    [Fact]
    public void Every_alert_kind_group_risk_group_check_in_window_scope_and_staff_role_has_its_text()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "BackCare.slnx"))) dir = dir.Parent;
        var keys = XDocument.Load(Path.Combine(dir.FullName, "src", "BackCare.Web", "Resources", "SharedResource.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        string[] kinds = [AlertKinds.Emergency, AlertKinds.Crisis, AlertKinds.Urgent, AlertKinds.Escalation, AlertKinds.StartBackHigh, AlertKinds.Medication, AlertKinds.StoppedCheckingIn];
        var needed = kinds.Select(TextKeys.AlertKind)
            .Concat(AlertKinds.Groups.Append("none").Select(TextKeys.AlertGroup))
            .Concat(new[] { "high", "medium", "low", null }.Select(TextKeys.Risk))
            .Concat(new[] { "week", "month", "older", "never" }.Select(TextKeys.CheckIn))
            .Concat(ShareScopes.All.Select(TextKeys.ShareScope))
            .Concat(new[] { "clinician", "admin" }.Select(TextKeys.StaffRole));
        needed.Where(k => !keys.Contains(k)).ShouldBeEmpty();
        kinds.Select(AlertKinds.Group).Distinct().Order().ShouldBe(AlertKinds.Groups.Order(), "every kind belongs to a group the filter offers");
    }
}
