/** Offline flow verification over synthesized Terraform JSON, and assertions for test suites. */
export { verifyFlow, verifyAppFlow, flowVerifier, parsePortSpec, rolesOf, VerifyUsageError, type FlowQuery, type Verdict, type Decision, type PortSpec } from './verify';
export { expectFlow, FlowExpectation, flowMatchers, type FlowMatcherResult } from './expect';
export { parseStack, parseApp, type TerraformJson, type ParsedStack } from './terraform';
export {
  checkDeployable,
  malformedAwsIds,
  ASG_VIRTUAL_NETWORK_TAG,
  type DeployCheck,
  type DeployJson,
  type DeployOptions,
  type DeployProblem,
  type DeployReport,
  type DeployStack,
} from './deployable';
