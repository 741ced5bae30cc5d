package io.serverlessorch.invocation;

import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Invokes each step's own Lambda function synchronously. */
public class LambdaStepInvoker implements StepInvoker {

    private final LambdaClient lambda;
    private final StepDispatcher json;
    private final Map<Step, String> functionNames;

    /** @param functionNames the function (name or ARN, an alias where SnapStart is on) of each step */
    public LambdaStepInvoker(LambdaClient lambda, StepDispatcher json, Map<Step, String> functionNames) {
        this.lambda = lambda;
        this.json = json;
        this.functionNames = Map.copyOf(functionNames);
    }

    @Override
    public StepResult invoke(StepRequest request) {
        String function = functionNames.get(request.step());
        if (function == null) {
            throw new IllegalStateException("No function is configured for step " + request.step());
        }
        InvokeResponse response = lambda.invoke(r -> r.functionName(function)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromByteArray(json.write(request))));
        if (response.functionError() != null) {
            throw new IllegalStateException("Step " + request.step() + " failed (" + response.functionError() + "): "
                    + response.payload().asString(StandardCharsets.UTF_8));
        }
        return json.readResult(response.payload().asByteArray());
    }
}
