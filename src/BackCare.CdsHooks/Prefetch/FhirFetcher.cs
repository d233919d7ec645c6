using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BackCare.CdsHooks.Protocol;
using BackCare.CdsHooks.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackCare.CdsHooks.Prefetch;

/// <summary>
/// Fetches what the prefetch did not supply from the client's FHIR server, with the bearer token the
/// client passed (on every call, never logged), a timeout per attempt and a bounded number of retries
/// (timeouts, 5xx, 429). Required data (the patient and their medication requests) that can be neither
/// prefetched nor fetched makes the service answer 412.
/// </summary>
public sealed partial class FhirFetcher(IHttpClientFactory http, IOptions<CdsHooksOptions> options, ILogger<FhirFetcher> logger)
{
    public const string HttpClientName = "cds-fhir";
    public static readonly string[] Required = ["Patient", "MedicationRequest"];
    public static readonly string[] Optional = ["MedicationStatement", "Condition", "Observation"];

    /// <summary>Fills the record; returns false when required data is still missing. Fetched documents go to <paramref name="keep"/>.</summary>
    public async Task<bool> CompleteAsync(CdsRequest request, PatientRecord record, List<JsonDocument> keep, CancellationToken cancellationToken)
    {
        var canFetch = request.FhirServer is not null && request.Authorization is not null;

        // A client that fulfilled BackCare's templates under its own keys says "no data" with null, and the key
        // does not say which template it answered: without a FHIR server to ask, each such null stands for one
        // template that nothing else answered (required ones first). With a server, the data is fetched instead.
        var unknownNulls = canFetch ? 0 : record.UnknownNulls;
        foreach (var type in Required.Concat(Optional))
        {
            if (unknownNulls == 0) break;
            if (record.Covered.Contains(type) || record.Failed.Contains(type)) continue;
            record.Covered.Add(type);
            unknownNulls--;
        }

        foreach (var type in Required.Concat(Optional))
        {
            var missing = !record.Covered.Contains(type) || record.Failed.Contains(type);
            if (!missing) continue;
            var required = Required.Contains(type);
            if (!canFetch)
            {
                if (required) return false;
                continue;
            }

            var document = await GetAsync(request, Query(type, request.PatientId), cancellationToken);
            if (document is null)
            {
                if (required) return false;
                continue;
            }

            keep.Add(document);
            record.Covered.Add(type);
            record.Failed.Remove(type);
            record.Add(document.RootElement);
        }

        return true;
    }

    internal static string Query(string type, string patientId) => type switch
    {
        "Patient" => $"Patient/{Uri.EscapeDataString(patientId)}",
        "MedicationRequest" => $"MedicationRequest?patient={Uri.EscapeDataString(patientId)}&status=active",
        "MedicationStatement" => $"MedicationStatement?patient={Uri.EscapeDataString(patientId)}&status=active",
        "Condition" => $"Condition?patient={Uri.EscapeDataString(patientId)}&clinical-status=active",
        _ => $"Observation?patient={Uri.EscapeDataString(patientId)}&code=http://loinc.org|82810-3,http://loinc.org|63895-7",
    };

    private async Task<JsonDocument?> GetAsync(CdsRequest request, string relative, CancellationToken cancellationToken)
    {
        var url = new Uri(request.FhirServer!.AbsoluteUri.TrimEnd('/') + "/" + relative);
        var settings = options.Value;
        var client = http.CreateClient(HttpClientName);
        for (var attempt = 0; attempt <= Math.Clamp(settings.FhirRetries, 0, 5); attempt++)
        {
            if (attempt > 0) await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Clamp(settings.FhirTimeoutMilliseconds, 100, 30_000)));
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, url);
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Authorization!.AccessToken);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    LogFetch(logger, relative.Split('?')[0], (int)response.StatusCode, attempt);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    LogFetch(logger, relative.Split('?')[0], (int)response.StatusCode, attempt);
                    return null;
                }

                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                var document = await JsonDocument.ParseAsync(stream, CdsRequestParser.DocumentOptions, timeout.Token);
                if (document.RootElement.ValueKind != JsonValueKind.Object || CdsRequestParser.String(document.RootElement, "resourceType"u8) is null or "OperationOutcome")
                {
                    document.Dispose();
                    return null;
                }

                return document;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogFetch(logger, relative.Split('?')[0], 0, attempt);
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "FHIR fetch of {Resource} failed (status {Status}, attempt {Attempt})")]
    private static partial void LogFetch(ILogger logger, string resource, int status, int attempt);
}
