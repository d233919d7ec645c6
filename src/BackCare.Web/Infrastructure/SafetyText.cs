using System.Text.Encodings.Web;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using Microsoft.AspNetCore.Html;

namespace BackCare.Web.Infrastructure;

/// <summary>The safety messages of data/care-plan.yaml as HTML, with the deployment's numbers in bold.</summary>
public static class SafetyText
{
    public static SafetyContactWords Words(SafetyContactsOptions contacts) =>
        new(contacts.CrisisLine, contacts.EmergencyNumber, contacts.UrgentAdviceLine);

    public static IHtmlContent Html(EvidenceBase evidence, string code, SafetyContactsOptions contacts)
    {
        var template = HtmlEncoder.Default.Encode(evidence.SafetyMessages[code].Text);
        return new HtmlString(SafetyMessages.Fill(template, Words(contacts), s => "<strong>" + HtmlEncoder.Default.Encode(s) + "</strong>"));
    }
}
