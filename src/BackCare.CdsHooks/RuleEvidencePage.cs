using System.Text;
using System.Text.Encodings.Web;
using BackCare.CdsHooks.Cards;
using BackCare.Clinical.Evidence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.CdsHooks;

/// <summary>The public page a card's <c>source.url</c> points to: the rule, what it says and its sources.</summary>
public static class RuleEvidencePage
{
    public static async Task Render(HttpContext context, string rule)
    {
        var catalog = context.RequestServices.GetRequiredService<CardCatalog>();
        var evidence = context.RequestServices.GetRequiredService<EvidenceBase>();
        if (!catalog.Titles.TryGetValue(rule, out var title))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var h = HtmlEncoder.Default;
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
        html.Append(h.Encode(title)).Append(" - BackCare</title></head><body><main><h1>").Append(h.Encode(title)).Append("</h1>");
        html.Append("<p>BackCare rule <code>").Append(h.Encode(rule)).Append("</code></p>");
        var sources = new List<string>();
        if (evidence.Interactions.FirstOrDefault(i => i.Id == rule) is { } interaction)
        {
            html.Append("<p>").Append(h.Encode(interaction.Detail)).Append("</p><p>").Append(h.Encode(interaction.Summary)).Append("</p>");
            sources.AddRange(interaction.Sources);
        }
        else if (evidence.MedicationRules.FirstOrDefault(r => r.Id == rule) is { } medicationRule)
        {
            html.Append("<p>").Append(h.Encode(medicationRule.Detail)).Append("</p><p>").Append(h.Encode(medicationRule.Summary)).Append("</p>");
            sources.AddRange(medicationRule.Sources);
        }
        else if (rule.StartsWith("guideline:", StringComparison.Ordinal) && evidence.Interventions.FirstOrDefault(i => "guideline:" + i.Id == rule) is { } intervention)
        {
            html.Append("<p>").Append(h.Encode(intervention.Summary.Text)).Append("</p><ul>");
            foreach (var r in intervention.Recommendations)
            {
                html.Append("<li>").Append(h.Encode(evidence.ShortCitation(r.Guideline))).Append(": ").Append(h.Encode(r.Statement.Text)).Append("</li>");
                sources.AddRange(r.Statement.Sources);
            }

            html.Append("</ul>");
            sources.AddRange(intervention.Summary.Sources);
        }

        if (catalog.Settings.GetValueOrDefault(rule) is { } setting) sources.AddRange(setting.Sources);
        html.Append("<h2>Sources</h2><ul>");
        foreach (var id in sources.Distinct(StringComparer.Ordinal))
        {
            if (evidence.Source(id) is not { } s) continue;
            html.Append("<li>").Append(h.Encode($"{s.ShortCitation}: {s.Title}. {s.Container}, {s.Year}."));
            if (s.Url is { } url) html.Append(" <a href=\"").Append(h.Encode(url)).Append("\">").Append(h.Encode(url)).Append("</a>");
            html.Append("</li>");
        }

        html.Append("</ul></main></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted);
    }
}
