using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>A kind's validation: checks <paramref name="obj"/> (against <paramref name="old"/> on update) and adds to <paramref name="errors"/>.</summary>
internal delegate void ObjectValidator(JsonObject obj, JsonObject? old, List<FieldError> errors);
