using BackCare.App.Assessments;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Triage;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Assessment;

public sealed class EmergencyModel(AssessmentService assessments, EvidenceBase evidence) : PageModel
{
    public EvidenceBase Evidence { get; } = evidence;

    public TriageResult? Triage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var completed = await assessments.CompletedAsync(User.UserId(), ct);
        var latest = completed.Count > 0 ? completed[0] : null;
        Triage = latest is null ? null : StoredAssessment.Read(latest).Assessment is { } assessment ? assessments.Triage(assessment) : null;
    }
}
