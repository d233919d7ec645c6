using BackCare.App.Auditing;
using BackCare.App.Exports;
using BackCare.Clinical.Evidence;
using BackCare.Interop.Fhir;
using BackCare.Interop.Fhir.Search;
using Hl7.Fhir.Model;

namespace BackCare.App.Fhir;

/// <summary>What a FHIR read or search came to: resources, or a refusal with its HTTP status.</summary>
public sealed record FhirAnswer(IReadOnlyList<Resource> Matches, int Total, int Status = 200, string? Problem = null)
{
    public static FhirAnswer Refused(int status, string problem) => new([], 0, status, problem);
}

/// <summary>
/// Reads and searches over the patients the caller may read (<see cref="IFhirPatientScope"/>): the set of patients is
/// fixed first, and only their records are ever loaded and matched, so no parameter can reach another record. A search
/// that names a patient outside that set is refused (403) whether or not the patient exists; a read of a resource
/// outside it is "not found". Every patient whose record is searched or read is audited as a read.
/// </summary>
public sealed class FhirSearchService(IFhirPatientScope scope, PatientRecords records, EvidenceBase evidence, AuditLog audit, ExportService exports)
{
    public async Task<FhirAnswer> SearchAsync(FhirCaller caller, FhirQuery query, CancellationToken ct)
    {
        var readable = await scope.ReadablePatientsAsync(caller, ct);
        // In id order, so that pages of a search follow one another whatever order the database returned them in.
        var candidates = readable.Order().ToList();
        if (query.NamedPatients() is { } named)
        {
            foreach (var id in named)
            {
                if (PatientBundleMapper.AccountId(id) is not { } account || !readable.Contains(account))
                {
                    return FhirAnswer.Refused(403, "this search names a patient whose record you may not read");
                }
            }

            candidates = [.. candidates.Where(c => named.Contains(PatientBundleMapper.PatientId(c)))];
        }

        var matches = new List<Resource>();
        await foreach (var record in records.LoadInChunksAsync(candidates, ct))
        {
            audit.RecordRead(caller.Actor, "fhir_" + query.Type.Name, record.Id.ToString("N"));
            matches.AddRange(PatientBundleMapper.Unversioned(evidence, record).Where(r => r.TypeName == query.Type.Name && query.Matches(r)));
        }

        return new FhirAnswer([.. matches.Skip(query.Offset).Take(query.Count).Select(PatientBundleMapper.Versioned)], matches.Count);
    }

    public async Task<Resource?> ReadAsync(FhirCaller caller, string type, string id, CancellationToken ct)
    {
        var readable = await scope.ReadablePatientsAsync(caller, ct);
        var candidates = type == "Patient"
            ? PatientBundleMapper.AccountId(id) is { } account && readable.Contains(account) ? [account] : []
            : readable;
        await foreach (var record in records.LoadInChunksAsync(candidates, ct))
        {
            var found = PatientBundleMapper.Unversioned(evidence, record).FirstOrDefault(r => r.TypeName == type && r.Id == id);
            if (found is null) continue;
            audit.RecordRead(caller.Actor, "fhir_" + type, record.Id.ToString("N"));
            return PatientBundleMapper.Versioned(found);
        }

        return null;
    }

    /// <summary><c>Patient/{id}/$everything</c>: the same Bundle as the patient's own "export everything" download.</summary>
    public async Task<Bundle?> EverythingAsync(FhirCaller caller, string patientId, string fhirBase, CancellationToken ct)
    {
        if (PatientBundleMapper.AccountId(patientId) is not { } account || !await scope.MayReadAsync(caller, account, ct)) return null;
        return await exports.FhirBundleAsync(account, caller.Actor, fhirBase, ct);
    }
}
