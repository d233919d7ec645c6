using BackCare.Interop.Fhir;
using Hl7.Fhir.Model;

namespace BackCare.Web.Fhir;

/// <summary>FHIR R4 JSON responses (application/fhir+json) and OperationOutcome errors.</summary>
public static class FhirResponses
{
    public const string ContentType = "application/fhir+json; charset=utf-8";

    public static IResult Resource(Resource resource, int status = StatusCodes.Status200OK) => new FhirJsonResult(resource, status);

    public static IResult Outcome(int status, OperationOutcome.IssueType code, string message) =>
        new FhirJsonResult(new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = status >= 500 ? OperationOutcome.IssueSeverity.Fatal : OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = message }],
        }, status);

    public static IResult BadRequest(string message) => Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, message);

    public static IResult NotFound(string message) => Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, message);

    public static IResult Forbidden(string message) => Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, message);

    private sealed class FhirJsonResult(Resource resource, int status) : IResult
    {
        public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = ContentType;
            if (status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = "Bearer";
            if (resource.Meta?.VersionId is { } version && resource is not Bundle)
            {
                response.Headers.ETag = $"W/\"{version}\"";
                if (resource.Meta.LastUpdated is { } updated) response.Headers.LastModified = updated.ToString("R");
            }

            await response.Body.WriteAsync(FhirJson.SerializeToUtf8(resource), httpContext.RequestAborted);
        }
    }
}
