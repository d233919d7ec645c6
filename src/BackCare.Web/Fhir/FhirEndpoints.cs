using System.Globalization;
using BackCare.App.Fhir;
using BackCare.Interop.Fhir.Search;
using BackCare.Web.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace BackCare.Web.Fhir;

/// <summary>
/// The FHIR R4 REST API under /fhir (issue 17): metadata, read, search-type and Patient/$everything, JSON only.
/// Every answer is FHIR JSON; every error an OperationOutcome with its status. Authorization goes through
/// <see cref="IFhirPatientScope"/> alone (inside <see cref="FhirSearchService"/>).
/// </summary>
public static class FhirEndpoints
{
    public static void MapFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").AddEndpointFilter(FormatFilter);
        fhir.MapGet("/metadata", (IOptions<HostingOptions> hosting, TimeProvider clock) =>
            FhirResponses.Resource(CapabilityStatementFactory.Build(Base(hosting), clock.GetUtcNow(), smart: true)));

        fhir.MapPost("/", ImportAsync);

        fhir.MapGet("/{type}", async (string type, HttpContext context, FhirSearchService service, IOptions<HostingOptions> hosting, TimeProvider clock, CancellationToken ct) =>
        {
            var who = await FhirCallers.FromAsync(context);
            if (who.Value is not { } caller) return Refused(who);
            if (SearchParameters.Type(type) is not { } supported) return UnsupportedType(type);
            var (query, error) = FhirQuery.Parse(supported, context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
            if (query is null) return FhirResponses.BadRequest(error!);
            var answer = await service.SearchAsync(caller, query, ct);
            if (answer.Problem is not null) return FhirResponses.Outcome(answer.Status, OperationOutcome.IssueType.Forbidden, answer.Problem);
            var bundle = Interop.Fhir.PatientBundleMapper.Searchset(answer.Matches, clock.GetUtcNow(), Base(hosting), answer.Total);
            AddPageLinks(bundle, context.Request, Base(hosting), type, query, answer.Total);
            return FhirResponses.Resource(bundle);
        });

        fhir.MapGet("/{type}/{id}", async (string type, string id, HttpContext context, FhirSearchService service, CancellationToken ct) =>
        {
            var who = await FhirCallers.FromAsync(context);
            if (who.Value is not { } caller) return Refused(who);
            if (SearchParameters.Type(type) is null) return UnsupportedType(type);
            if (context.Request.Query.Keys.Any(k => k != "_format")) return FhirResponses.BadRequest("a read takes no parameters other than _format");
            var resource = await service.ReadAsync(caller, type, id, ct);
            if (resource is null) return FhirResponses.NotFound($"no {type} with that id that you may read");
            var version = resource.Meta?.VersionId;
            if (version is not null && context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } etag && etag.Contains($"\"{version}\"", StringComparison.Ordinal))
            {
                context.Response.Headers.ETag = $"W/\"{version}\"";
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return FhirResponses.Resource(resource);
        });

        fhir.MapGet("/Patient/{id}/$everything", async (string id, HttpContext context, FhirSearchService service, IOptions<HostingOptions> hosting, CancellationToken ct) =>
        {
            var who = await FhirCallers.FromAsync(context);
            if (who.Value is not { } caller) return Refused(who);
            if (context.Request.Query.Keys.FirstOrDefault(k => k != "_format") is { } unsupported)
            {
                return FhirResponses.BadRequest($"$everything parameter '{unsupported}' is not supported; the whole record is returned");
            }

            var bundle = await service.EverythingAsync(caller, id, Base(hosting), ct);
            return bundle is null ? FhirResponses.NotFound("no Patient with that id that you may read") : FhirResponses.Resource(bundle);
        });
    }

    /// <summary>
    /// POST /fhir with a Bundle: the caller's own record takes what it can (FhirImportService). A browser session must
    /// send its antiforgery token (the import page does); the answer is an OperationOutcome with one issue per entry.
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpContext context, FhirImportService imports, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken ct)
    {
        var who = await FhirCallers.FromAsync(context);
        if (who.Value is not { } caller) return Refused(who);
        if (caller.Role != App.Accounts.Roles.Patient) return FhirResponses.Forbidden("only a patient can import into their own record");
        if (caller.Access != FhirAccess.OwnSession) return FhirResponses.Forbidden("SMART tokens here are read-only (patient/*.rs, user/*.rs); import from the Account page");
        if (!await antiforgery.IsRequestValidAsync(context)) return FhirResponses.Forbidden("a browser session must send its antiforgery token");

        if (context.Request.ContentLength > Pages.Account.ImportModel.MaxBytes) return FhirResponses.Outcome(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooLong, "at most 5 MB");
        using var reader = new StreamReader(context.Request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var report = await imports.ImportAsync(caller.UserId, caller.Actor, json, ct);
        var outcome = new OperationOutcome();
        if (report.Refused is not null) outcome.Issue.Add(Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invalid, report.Refused));
        foreach (var e in report.Imported) outcome.Issue.Add(Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, e.Message, e.Index));
        foreach (var e in report.Skipped) outcome.Issue.Add(Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Duplicate, e.Message, e.Index));
        foreach (var e in report.Rejected) outcome.Issue.Add(Issue(report.Refused is null ? OperationOutcome.IssueSeverity.Warning : OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotSupported, e.Message, e.Index));
        if (outcome.Issue.Count == 0) outcome.Issue.Add(Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, "the Bundle has no entries"));
        return FhirResponses.Resource(outcome, report.Refused is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string message, int? entry = null) => new()
    {
        Severity = severity,
        Code = code,
        Diagnostics = message,
        Expression = entry is { } i ? [$"Bundle.entry[{i.ToString(CultureInfo.InvariantCulture)}]"] : [],
    };

    public static string Base(IOptions<HostingOptions> hosting) => hosting.Value.BaseUrl + "/fhir";

    private static IResult Refused(FhirCallers.Caller who) =>
        FhirResponses.Outcome(who.Status, who.Status == StatusCodes.Status401Unauthorized ? OperationOutcome.IssueType.Login : OperationOutcome.IssueType.Forbidden, who.Problem!);

    private static IResult UnsupportedType(string type) =>
        FhirResponses.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported,
            $"resource type '{type}' is not served here; served: {string.Join(", ", SearchParameters.Types.Select(t => t.Name))} (see /fhir/metadata)");

    /// <summary>JSON only: <c>_format</c> json / application/json / application/fhir+json, or an Accept header that allows JSON; anything else is 406.</summary>
    private static async ValueTask<object?> FormatFilter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var request = invocation.HttpContext.Request;
        var format = request.Query["_format"].ToString();
        if (format.Length > 0 && format is not ("json" or "application/json" or "application/fhir+json"))
        {
            return FhirResponses.Outcome(StatusCodes.Status406NotAcceptable, OperationOutcome.IssueType.NotSupported, $"_format '{format}' is not supported; this server speaks application/fhir+json only");
        }

        var accept = request.Headers.Accept.ToString();
        if (format.Length == 0 && accept.Length > 0 && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            return FhirResponses.Outcome(StatusCodes.Status406NotAcceptable, OperationOutcome.IssueType.NotSupported, $"Accept '{accept}' cannot be met; this server speaks application/fhir+json only");
        }

        return await next(invocation);
    }

    private static void AddPageLinks(Bundle bundle, HttpRequest request, string fhirBase, string type, FhirQuery query, int total)
    {
        string Url(int offset)
        {
            var pairs = request.Query.Where(q => q.Key != "_offset").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
                .Append($"_offset={offset.ToString(CultureInfo.InvariantCulture)}");
            return $"{fhirBase}/{type}?{string.Join('&', pairs)}";
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Url(query.Offset) });
        if (query.Count > 0 && query.Offset + query.Count < total) bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Url(query.Offset + query.Count) });
        if (query.Offset > 0) bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = Url(Math.Max(0, query.Offset - Math.Max(1, query.Count))) });
    }
}
