using BackCare.Interop.Fhir.Search;
using Hl7.Fhir.Model;

namespace BackCare.Web.Fhir;

/// <summary>The server's CapabilityStatement, written from the same table the searches read (<see cref="SearchParameters"/>), so it cannot claim more than the API does.</summary>
public static class CapabilityStatementFactory
{
    public static CapabilityStatement Build(string fhirBase, DateTimeOffset now, bool smart)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = new Markdown("A patient's own BackCare record: questionnaire answers, scores, diary pain and medicines. Read and search; parameters not listed here are refused with 400. POST [base] with a Bundle imports into the caller's own record (questionnaire answers re-scored, pain scores into the diary, current medicines); the answer is an OperationOutcome with one issue per entry, not a transaction-response."),
            Security = new CapabilityStatement.SecurityComponent
            {
                Cors = false,
                Description = new Markdown(smart
                    ? "SMART App Launch 2.0 bearer tokens (see /.well-known/smart-configuration) or the patient's own signed-in session."
                    : "The patient's own signed-in session."),
            },
        };
        if (smart)
        {
            rest.Security.Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")];
        }

        foreach (var type in SearchParameters.Types)
        {
            var resource = new CapabilityStatement.ResourceComponent
            {
                Type = type.Name,
                Interaction =
                [
                    new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                    new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                ],
                Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
                ReadHistory = false,
                ConditionalRead = CapabilityStatement.ConditionalReadStatus.NotSupported,
            };
            foreach (var parameter in type.Parameters)
            {
                resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent { Name = parameter.Name, Type = parameter.Type, Documentation = new Markdown(parameter.Documentation) });
            }

            if (type.Name == "Patient")
            {
                resource.Operation.Add(new CapabilityStatement.OperationComponent { Name = "everything", Definition = "http://hl7.org/fhir/OperationDefinition/Patient-everything" });
            }

            rest.Resource.Add(resource);
        }

        return new CapabilityStatement
        {
            Id = "backcare",
            Url = fhirBase + "/metadata",
            Name = "BackCare",
            Title = "BackCare FHIR R4 API",
            Status = PublicationStatus.Active,
            Date = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Publisher = "BackCare",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "BackCare" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "BackCare", Url = fhirBase },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "json"],
            Rest = [rest],
        };
    }
}
