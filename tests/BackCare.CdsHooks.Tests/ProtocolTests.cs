using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackCare.CdsHooks.Tests;

/// <summary>Discovery, prefetch semantics, fetching from the EHR's FHIR server, 412 and 400.</summary>
public sealed class ProtocolTests(CdsHost host) : IClassFixture<CdsHost>
{
    [Fact]
    [Requirement("1", "4", "5", "6", "7", "9", "10", "13", "16", "29", "36", "55", "56", "57", "59", "211")]
    public async Task Discovery_lists_the_three_services_with_their_prefetch_templates()
    {
        using var response = await host.GetAsync("/cds-services");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var services = doc.RootElement.GetProperty("services").EnumerateArray().ToList();
        services.Select(s => (s.GetProperty("id").GetString(), s.GetProperty("hook").GetString())).ShouldBe(
            [("backcare-order-select", "order-select"), ("backcare-order-sign", "order-sign"), ("backcare-patient-view", "patient-view")]);
        services.Select(s => s.GetProperty("id").GetString()).Distinct().Count().ShouldBe(3);
        foreach (var s in services)
        {
            s.GetProperty("title").GetString()!.ShouldNotBeNullOrWhiteSpace();
            s.GetProperty("description").GetString()!.ShouldNotBeNullOrWhiteSpace();
            var prefetch = s.GetProperty("prefetch").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            prefetch.Keys.ShouldBe(["patient", "medicationRequests", "medicationStatements", "conditions", "pregnancy", "breastfeeding"]);
            foreach (var template in prefetch.Values)
            {
                // Tokens are {{context.<root primitive field>}} only (patientId here).
                System.Text.RegularExpressions.Regex.Matches(template, @"\{\{([^}]*)\}\}").Select(m => m.Groups[1].Value).ShouldAllBe(t => t == "context.patientId");
            }

            // Each service answers at {base}/cds-services/{id}.
            using var call = await host.PostAsync("/cds-services/" + s.GetProperty("id").GetString(), "{}");
            call.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task An_unknown_service_is_404_after_the_token_check()
    {
        using var response = await host.PostAsync("/cds-services/nope", Requests.WorkedCase().ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Prefetch_is_read_by_resource_type_whatever_the_keys()
    {
        var request = Requests.WorkedCase();
        var prefetch = request["prefetch"]!.AsObject();
        var renamed = new JsonObject();
        var i = 0;
        foreach (var (_, value) in prefetch.ToList()) renamed["item" + i++] = value?.DeepClone();
        request["prefetch"] = renamed;
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        cards.Select(CardTests.Rule).ShouldBe(["opioid_benzodiazepine", "guideline:benzodiazepines_for_back_pain", "beers_benzodiazepine"]);
    }

    [Fact]
    [Requirement("54")]
    public async Task Missing_required_data_without_a_FHIR_server_is_412()
    {
        var request = Requests.WorkedCase();
        request["prefetch"]!.AsObject().Remove("patient");
        using var response = await host.PostAsync("/cds-services/backcare-order-sign", request.ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task An_OperationOutcome_in_prefetch_without_a_FHIR_server_is_412_and_null_means_no_data()
    {
        var request = Requests.WorkedCase();
        request["prefetch"]!["medicationRequests"] = new JsonObject { ["resourceType"] = "OperationOutcome", ["issue"] = new JsonArray() };
        using (var failed = await host.PostAsync("/cds-services/backcare-order-sign", request.ToJsonString())) failed.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        request["prefetch"]!["medicationRequests"] = null;
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        cards.Select(CardTests.Rule).ShouldNotContain("opioid_benzodiazepine");
        cards.Select(CardTests.Rule).ShouldContain("beers_benzodiazepine");
    }

    [Fact]
    [Requirement("61")]
    public async Task Missing_data_is_fetched_from_the_FHIR_server_with_the_bearer_token_and_retried()
    {
        var worked = WorkedCaseOnTheFhirServer();
        host.Fhir.Calls.Clear();
        host.Fhir.FailFirst = 1;
        var cards = await host.CardsAsync("backcare-order-sign", worked.ToJsonString());
        cards.Select(CardTests.Rule).ShouldBe(["opioid_benzodiazepine", "guideline:benzodiazepines_for_back_pain", "beers_benzodiazepine"]);
        var calls = host.Fhir.Calls.ToList();
        calls.ShouldAllBe(c => c.Authorization == "Bearer secret-access-token");
        calls.Count(c => c.Url == "/fhir/Patient/p1").ShouldBe(2); // one 503, one retry
        calls.ShouldContain(c => c.Url.StartsWith("/fhir/MedicationRequest?patient=p1", StringComparison.Ordinal));

        // The FHIR server has nothing: required data missing -> 412.
        host.Fhir.Resources.Clear();
        worked["hookInstance"] = Guid.NewGuid().ToString();
        using var response = await host.PostAsync("/cds-services/backcare-order-sign", worked.ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_replayed_token_gets_no_call_made_to_the_FHIR_server()
    {
        // The request is read while the replay record commits, but BackCare asks the EHR for nothing on a token it has seen.
        var worked = WorkedCaseOnTheFhirServer();
        const string path = "/cds-services/backcare-order-sign";
        var token = CdsHost.Token(path);
        host.Fhir.Calls.Clear();
        using (var first = await host.PostAsync(path, worked.ToJsonString(), token)) first.StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Fhir.Calls.ShouldNotBeEmpty();

        host.Fhir.Calls.Clear();
        using (var again = await host.PostAsync(path, worked.ToJsonString(), token)) again.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        host.Fhir.Calls.ShouldBeEmpty();
        host.Fhir.Resources.Clear();
    }

    /// <summary>The worked case without prefetch: its patient, medication requests and conditions are on the fake FHIR server.</summary>
    private JsonObject WorkedCaseOnTheFhirServer()
    {
        var worked = Requests.WorkedCase();
        var prefetch = worked["prefetch"]!.AsObject();
        host.Fhir.Resources["Patient/p1"] = prefetch["patient"]!.ToJsonString();
        host.Fhir.Resources["MedicationRequest"] = Search(prefetch["medicationRequests"]!);
        host.Fhir.Resources["MedicationStatement"] = Search(new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset" });
        host.Fhir.Resources["Condition"] = Search(prefetch["conditions"]!);
        host.Fhir.Resources["Observation"] = Search(new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset" });
        worked.Remove("prefetch");
        worked["fhirServer"] = "https://ehr.example.org/fhir";
        worked["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "secret-access-token", ["token_type"] = "Bearer", ["expires_in"] = 300, ["scope"] = "user/*.read", ["subject"] = "backcare",
        };
        return worked;
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "not JSON", "{\"hook\": " },
        { "an array", "[]" },
        { "no hook", """{"hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1","draftOrders":{"resourceType":"Bundle"}}}""" },
        { "another hook", """{"hook":"patient-view","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1"}}""" },
        { "no context", """{"hook":"order-sign","hookInstance":"x"}""" },
        { "no draftOrders", """{"hook":"order-sign","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1"}}""" },
        { "draftOrders not a Bundle", """{"hook":"order-sign","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1","draftOrders":{"resourceType":"Patient"}}}""" },
        { "patientId of another type", """{"hook":"order-sign","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"Group/p1","draftOrders":{"resourceType":"Bundle"}}}""" },
        { "prefetch value without resourceType", """{"hook":"order-sign","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1","draftOrders":{"resourceType":"Bundle"}},"prefetch":{"a":{"id":"1"}}}""" },
        { "fhirAuthorization without fhirServer", """{"hook":"order-sign","hookInstance":"x","fhirAuthorization":{"access_token":"t","token_type":"Bearer","expires_in":1,"scope":"s","subject":"s"},"context":{"userId":"Practitioner/1","patientId":"p1","draftOrders":{"resourceType":"Bundle"}}}""" },
        { "bad status", """{"hook":"order-sign","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1","draftOrders":{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"MedicationRequest","status":"Xactive"}}]}}}""" },
        { "bad birthDate", """{"hook":"order-sign","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1","draftOrders":{"resourceType":"Bundle"}},"prefetch":{"patient":{"resourceType":"Patient","birthDate":"X2002-09-26"}}}""" },
        { "too deep", new string('[', 200) + new string(']', 200) },
        { "empty", "" },
    };

    [Fact]
    public async Task A_body_over_the_limit_is_400_whether_its_length_is_declared_or_streamed()
    {
        var big = "{\"hook\":\"" + new string('x', (int)BackCare.CdsHooks.CdsHooksEndpoints.MaxBodyBytes) + "\"}";
        using (var declared = await host.PostAsync("/cds-services/backcare-order-sign", big))
        {
            declared.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await declared.Content.ReadAsStringAsync()).ShouldContain("too large");
        }

        using var streamed = await PostStreamedAsync(Encoding.UTF8.GetBytes(big), pieceSize: 64 * 1024);
        streamed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await streamed.Content.ReadAsStringAsync()).ShouldContain("too large");
    }

    [Fact]
    public async Task A_valid_request_followed_by_more_content_is_400_as_not_valid_JSON()
    {
        using var response = await host.PostAsync("/cds-services/backcare-order-sign", Requests.WorkedCase().ToJsonString() + " {}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("error").GetString().ShouldBe("the body is not valid JSON");
    }

    [Fact]
    public async Task The_body_is_parsed_only_once_its_last_piece_has_arrived()
    {
        // Straight through the endpoint's reader with a pipe fed piece by piece (TestServer may hand over a body in one read).
        var body = Encoding.UTF8.GetBytes(Requests.WorkedCase().ToJsonString());
        var pipe = new System.IO.Pipelines.Pipe();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IRequestBodyPipeFeature>(new PipeBody(pipe.Reader));
        context.Response.Body = new MemoryStream();
        var reading = CdsHooksEndpoints.ReadJsonAsync(context);
        for (var i = 0; i < body.Length; i += 512)
        {
            await pipe.Writer.WriteAsync(body.AsMemory(i, Math.Min(512, body.Length - i)));
            await Task.Delay(1);
            reading.IsCompleted.ShouldBeFalse("the body is not complete yet");
        }

        await pipe.Writer.CompleteAsync();
        using var document = await reading;
        document.ShouldNotBeNull();
        document.RootElement.GetProperty("prefetch").GetProperty("medicationRequests").GetProperty("entry").GetArrayLength().ShouldBeGreaterThan(0);
        context.Response.StatusCode.ShouldBe(200);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task The_parsed_body_keeps_its_own_copy_once_the_request_buffers_are_reused(bool large, bool trailing)
    {
        // Small: one pipe buffer. Large (the worked case, 4 KB buffers): many. Every buffer is overwritten as soon as the
        // pipe gives it back, so a document that still pointed into the request's memory would read 'x's.
        var json = large
            ? Requests.Hook("order-sign", Requests.Patient(70), [Requests.Med("MedicationRequest", "draft-diazepam", "197589", "diazepam 5 MG Oral Tablet", status: "draft")],
                [.. Enumerable.Range(0, 40).Select(i => Requests.Med("MedicationRequest", $"oxy-{i}", "1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet"))],
                [Requests.LowBackPain()]).ToJsonString()
            : """{"hook":"order-sign","context":{"patientId":"p1"}}""";
        var body = Encoding.UTF8.GetBytes(json + (trailing ? " {}" : ""));
        (body.Length > 3 * 4096).ShouldBe(large);
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pool: new OverwritingPool(), pauseWriterThreshold: 0, minimumSegmentSize: 4096));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IRequestBodyPipeFeature>(new PipeBody(pipe.Reader));
        context.Response.Body = new MemoryStream();
        for (var i = 0; i < body.Length; i += 1000) await pipe.Writer.WriteAsync(body.AsMemory(i, Math.Min(1000, body.Length - i)));
        await pipe.Writer.CompleteAsync();

        using var document = await CdsHooksEndpoints.ReadJsonAsync(context);
        await pipe.Reader.CompleteAsync();
        if (trailing)
        {
            document.ShouldBeNull();
            context.Response.StatusCode.ShouldBe(400);
            context.Response.Body.Position = 0;
            using var error = JsonDocument.Parse(context.Response.Body);
            error.RootElement.GetProperty("error").GetString().ShouldBe("the body is not valid JSON");
            return;
        }

        document.ShouldNotBeNull();
        JsonNode.DeepEquals(JsonNode.Parse(document.RootElement.GetRawText()), JsonNode.Parse(json)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("\"active\"", "active")]
    [InlineData("\"MedicationRequest\"", "MedicationRequest")]
    [InlineData("\"\\u0061ctive\"", "active")]
    [InlineData("\"act\"", "act")]
    [InlineData("\"activex\"", "activex")]
    [InlineData("\"\"", "")]
    [InlineData("\"a MedicationStatement that is longer\"", "a MedicationStatement that is longer")]
    [InlineData("\"caf\u00e9\"", "caf\u00e9")]
    public void A_string_read_from_the_request_is_the_text_sent_whether_or_not_it_is_a_common_value(string json, string expected)
    {
        using var doc = JsonDocument.Parse("{\"v\":" + json + "}");
        Protocol.CdsRequestParser.String(doc.RootElement, "v"u8).ShouldBe(expected);
    }

    [Fact]
    public void A_common_value_is_not_copied_again_for_every_resource()
    {
        using var a = JsonDocument.Parse("""{"status":"active","id":"x1"}""");
        using var b = JsonDocument.Parse("""{"status":"active","id":"x1"}""");
        ReferenceEquals(Protocol.CdsRequestParser.String(a.RootElement, "status"u8), Protocol.CdsRequestParser.String(b.RootElement, "status"u8)).ShouldBeTrue();
        ReferenceEquals(Protocol.CdsRequestParser.String(a.RootElement, "id"u8), Protocol.CdsRequestParser.String(b.RootElement, "id"u8)).ShouldBeFalse();
    }

    /// <summary>Buffers for a pipe, each filled with 'x' when it is given back.</summary>
    private sealed class OverwritingPool : System.Buffers.MemoryPool<byte>
    {
        public override int MaxBufferSize => 4096;

        public override System.Buffers.IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Owner(new byte[Math.Max(minBufferSize, 4096)]);

        protected override void Dispose(bool disposing)
        {
        }

        private sealed class Owner(byte[] array) : System.Buffers.IMemoryOwner<byte>
        {
            public Memory<byte> Memory => array;

            public void Dispose() => array.AsSpan().Fill((byte)'x');
        }
    }

    private sealed class PipeBody(System.IO.Pipelines.PipeReader reader) : Microsoft.AspNetCore.Http.Features.IRequestBodyPipeFeature
    {
        public System.IO.Pipelines.PipeReader Reader => reader;
    }

    [Fact]
    public async Task A_request_streamed_in_small_pieces_without_a_length_is_read_whole()
    {
        var body = Encoding.UTF8.GetBytes(Requests.WorkedCase().ToJsonString());
        using var response = await PostStreamedAsync(body, pieceSize: 100);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        using var doc = JsonDocument.Parse(text);
        doc.RootElement.GetProperty("cards").GetArrayLength().ShouldBeGreaterThan(0);
    }

    /// <summary>Posts the body with no Content-Length, written in pieces, as a client streaming it would.</summary>
    private async Task<HttpResponseMessage> PostStreamedAsync(byte[] body, int pieceSize)
    {
        const string path = "/cds-services/backcare-order-sign";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new PiecewiseContent(body, pieceSize) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CdsHost.Token(path));
        return await host.Client.SendAsync(request);
    }

    private sealed class PiecewiseContent(byte[] body, int pieceSize) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var i = 0; i < body.Length; i += pieceSize)
            {
                await stream.WriteAsync(body.AsMemory(i, Math.Min(pieceSize, body.Length - i)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_request_is_400_with_a_reason(string why, string body)
    {
        using var response = await host.PostAsync("/cds-services/backcare-order-sign", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, why);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("error").GetString()!.ShouldNotBeNullOrWhiteSpace(why);
    }

    [Fact]
    [Requirement("214")]
    public async Task An_extension_must_be_a_JSON_object()
    {
        var request = Requests.WorkedCase();
        request["extension"] = "not an object";
        using (var bad = await host.PostAsync("/cds-services/backcare-order-sign", request.ToJsonString())) bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        request["extension"] = new JsonObject { ["org.example.anything"] = new JsonObject { ["x"] = 1 } };
        using var good = await host.PostAsync("/cds-services/backcare-order-sign", request.ToJsonString());
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    [Requirement("2", "168")]
    public async Task Outside_development_the_services_are_reached_over_HTTPS_only()
    {
        await using var strict = host.Create(new Dictionary<string, string>
        {
            ["BackCare:Hosting:AllowHttp"] = "false",
            ["BackCare:CdsHooks:Clients:0:Issuer"] = CdsHost.Ehr,
            ["BackCare:CdsHooks:Clients:0:JwksPath"] = Path.Combine(host.Folder, "ehr.jwks"),
        }, "strict");
        using var client = strict.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await host.GetAsync("/cds-services", client: client);
        response.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        response.Headers.Location!.Scheme.ShouldBe("https");
    }

    private static string Search(JsonNode bundle)
    {
        var copy = bundle.DeepClone().AsObject();
        copy["type"] = "searchset";
        return copy.ToJsonString();
    }
}
