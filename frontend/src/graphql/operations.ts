// Every operation the app sends. Types come from `npm run codegen` (schema/schema.graphql).
import { graphql } from "../gql";

export const AuthFields = graphql(`
  fragment AuthFields on AuthResult {
    __typename
    ... on AuthPayload {
      accessToken
      refreshToken
      expiresIn
      user {
        id
        email
        fullName
        role
        tenant {
          id
          name
          slug
        }
      }
    }
    ... on AuthError {
      code
      message
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      ...AuthFields
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthFields
    }
  }
`);

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...AuthFields
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const SwitcherQuery = graphql(`
  query Switcher {
    providers(first: 500) {
      edges {
        node {
          id
          title
          iysCode
          brands(first: 500) {
            edges {
              node {
                id
                name
                brandCode
                master
              }
            }
          }
        }
      }
    }
  }
`);

export const ProvidersQuery = graphql(`
  query Providers($first: Int, $after: String) {
    providers(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          iysCode
          tin
          mersis
          brands(first: 500) {
            totalCount
            edges {
              node {
                id
                name
                brandCode
                master
              }
            }
          }
        }
      }
    }
  }
`);

export const CreateProviderMutation = graphql(`
  mutation CreateProvider($input: CreateProviderInput!) {
    createProvider(input: $input) {
      __typename
      ... on Provider {
        id
        title
        iysCode
      }
      ... on ValidationError {
        code
        message
        field
      }
    }
  }
`);

export const CreateBrandMutation = graphql(`
  mutation CreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) {
      __typename
      ... on Brand {
        id
        name
        brandCode
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const DashboardQuery = graphql(`
  query Dashboard {
    brands(first: 500) {
      totalCount
      edges {
        node {
          id
          name
          brandCode
          master
          provider {
            id
            title
          }
          stats {
            approval
            rejection
            total
          }
        }
      }
    }
  }
`);

export const ConsentsQuery = graphql(`
  query Consents($brandId: ID!, $filter: ConsentFilter, $first: Int, $after: String) {
    consents(brandId: $brandId, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          recipient
          type
          recipientType
          status
          source
          consentDate
          creationDate
        }
      }
    }
  }
`);

export const ConsentDetailQuery = graphql(`
  query ConsentDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Consent {
        id
        recipient
        type
        recipientType
        status
        source
        consentDate
        creationDate
        transactionId
        brand {
          id
          name
        }
        history {
          status
          source
          consentDate
          creationDate
          transactionId
        }
      }
    }
  }
`);

export const RecordConsentMutation = graphql(`
  mutation RecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      __typename
      ... on Consent {
        id
        recipient
        status
        type
        transactionId
      }
      ... on ConsentRejected {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const ImportConsentsMutation = graphql(`
  mutation ImportConsents($brandId: ID!, $file: Upload!) {
    importConsents(brandId: $brandId, file: $file) {
      __typename
      ... on ImportJob {
        id
        status
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const ImportJobQuery = graphql(`
  query ImportJob($id: ID!, $first: Int, $after: String) {
    importJob(id: $id) {
      id
      fileName
      status
      totalRows
      processedRows
      acceptedRows
      rejectedRows
      createdAt
      finishedAt
      errors(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            line
            code
            message
            field
            recipient
          }
        }
      }
    }
  }
`);

export const ImportJobsQuery = graphql(`
  query ImportJobs($brandId: ID!, $first: Int, $after: String) {
    importJobs(brandId: $brandId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          fileName
          status
          totalRows
          processedRows
          acceptedRows
          rejectedRows
          createdAt
          finishedAt
        }
      }
    }
  }
`);

export const CheckConsentsQuery = graphql(`
  query CheckConsents(
    $brandId: ID!
    $type: ConsentType!
    $recipientType: RecipientType
    $recipients: [String!]!
  ) {
    checkConsents(
      brandId: $brandId
      type: $type
      recipientType: $recipientType
      recipients: $recipients
    ) {
      recipient
      normalizedRecipient
      allowed
      reason
    }
  }
`);

export const MovementsPerDayQuery = graphql(`
  query MovementsPerDay($brandId: ID!, $days: Int!) {
    movementsPerDay(brandId: $brandId, days: $days) {
      day
      approvals
      rejections
    }
  }
`);

export const AccessFields = graphql(`
  fragment AccessFields on AccessScope {
    brandIds
    limited
    types {
      type
      access
    }
  }
`);

export const UsersQuery = graphql(`
  query Users($first: Int, $after: String) {
    users(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          email
          fullName
          role
          active
          access {
            ...AccessFields
          }
        }
      }
    }
  }
`);

export const InviteUserMutation = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      __typename
      ... on CreatedInvitation {
        link
        invitation {
          id
          email
          role
          expiresAt
        }
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      ...AuthFields
    }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      __typename
      ... on User {
        id
        role
        active
        access {
          ...AccessFields
        }
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...AuthFields
    }
  }
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys($first: Int, $after: String) {
    apiKeys(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          role
          prefix
          createdAt
          expiresAt
          revokedAt
          active
          access {
            ...AccessFields
          }
        }
      }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreatedApiKey {
        secret
        apiKey {
          id
          name
          prefix
        }
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ... on ApiKey {
        id
        active
        revokedAt
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const TenantSettingsQuery = graphql(`
  query TenantSettings {
    me {
      id
      tenant {
        id
        name
        slug
        language
        strictBusinessDays
      }
    }
  }
`);

export const UpdateTenantMutation = graphql(`
  mutation UpdateTenant($input: UpdateTenantInput!) {
    updateTenant(input: $input) {
      __typename
      ... on Tenant {
        id
        name
        slug
        language
        strictBusinessDays
      }
      ... on ValidationError {
        code
        message
        field
      }
    }
  }
`);

export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          at
          action
          entityType
          entityId
          before
          after
          clientAddress
          userAgent
          actorUser {
            id
            fullName
            email
          }
          actorApiKey {
            id
            name
            prefix
          }
        }
      }
    }
  }
`);

export const RequestRecipientCodeMutation = graphql(`
  mutation RequestRecipientCode($address: String!) {
    requestRecipientCode(address: $address) {
      __typename
      ... on RecipientCodeSent {
        address
        expiresAt
      }
      ... on ValidationError {
        code
        message
        field
      }
    }
  }
`);

export const VerifyRecipientCodeMutation = graphql(`
  mutation VerifyRecipientCode($address: String!, $code: String!) {
    verifyRecipientCode(address: $address, code: $code) {
      __typename
      ... on RecipientSession {
        token
        address
        expiresAt
      }
      ... on ValidationError {
        code
        message
        field
      }
    }
  }
`);

export const RecipientConsentFields = graphql(`
  fragment RecipientConsentFields on RecipientConsent {
    id
    brandName
    providerTitle
    type
    recipientType
    status
    source
    consentDate
  }
`);

export const RecipientConsentsQuery = graphql(`
  query RecipientConsents {
    recipientConsents {
      ...RecipientConsentFields
    }
  }
`);

export const RejectRecipientConsentMutation = graphql(`
  mutation RejectRecipientConsent($consentId: ID!) {
    rejectRecipientConsent(consentId: $consentId) {
      __typename
      ... on RecipientRejection {
        rejected
        consents {
          ...RecipientConsentFields
        }
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const RejectRecipientChannelMutation = graphql(`
  mutation RejectRecipientChannel($type: ConsentType!) {
    rejectRecipientChannel(type: $type) {
      rejected
      consents {
        ...RecipientConsentFields
      }
    }
  }
`);

export const ComplaintsQuery = graphql(`
  query Complaints($status: ComplaintStatus, $brandId: ID, $first: Int, $after: String) {
    complaints(status: $status, brandId: $brandId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          recipient
          type
          messageAt
          status
          verdict
          dueDate
          filedBy
          createdAt
          brand {
            id
            name
          }
          assignee {
            id
            fullName
          }
        }
      }
    }
  }
`);

export const ComplaintFields = graphql(`
  fragment ComplaintFields on Complaint {
    id
    recipient
    type
    recipientType
    messageAt
    content
    filedBy
    status
    dueDate
    informational
    verdict
    screenshotPath
    createdAt
    updatedAt
    brand {
      id
      name
      provider {
        id
        title
      }
    }
    assignee {
      id
      fullName
      email
    }
    evidence {
      status
      source
      consentDate
      creationDate
      transactionId
    }
    notes {
      text
      createdAt
      authorId
    }
  }
`);

export const ComplaintQuery = graphql(`
  query Complaint($id: ID!) {
    complaint(id: $id) {
      ...ComplaintFields
    }
  }
`);

export const UpdateComplaintMutation = graphql(`
  mutation UpdateComplaint($input: UpdateComplaintInput!) {
    updateComplaint(input: $input) {
      __typename
      ... on Complaint {
        ...ComplaintFields
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input)
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      ...AuthFields
    }
  }
`);

export const RecordComplaintMutation = graphql(`
  mutation RecordComplaint($input: RecordComplaintInput!, $screenshot: Upload) {
    recordComplaint(input: $input, screenshot: $screenshot) {
      __typename
      ... on Complaint {
        id
        verdict
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const FileRecipientComplaintMutation = graphql(`
  mutation FileRecipientComplaint($input: RecipientComplaintInput!, $screenshot: Upload) {
    fileRecipientComplaint(input: $input, screenshot: $screenshot) {
      __typename
      ... on RecipientComplaintFiled {
        filedAt
        status
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const ConsentChangedSubscription = graphql(`
  subscription ConsentChanged($brandId: ID!, $source: ChangeSource) {
    consentChanged(brandId: $brandId, source: $source) {
      consentId
      brandId
      recipient
      type
      status
    }
  }
`);

export const ConsentReconciliationQuery = graphql(`
  query ConsentReconciliation($brandId: ID!, $day: String!) {
    consentReconciliation(brandId: $brandId, day: $day) {
      day
      rows
      sha384
      downloadPath
    }
  }
`);

export const ViewerAccessQuery = graphql(`
  query ViewerAccess {
    me {
      id
      role
      access {
        limited
      }
    }
  }
`);

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    events
    active
    disabledReason
    failuresInARow
    createdAt
    brand {
      id
      name
      provider {
        id
        title
      }
    }
    deliveries {
      status
      movements
      attempts
      responseStatus
      error
      createdAt
      nextAttemptAt
      deliveredAt
    }
  }
`);

export const WebhooksQuery = graphql(`
  query Webhooks($brandId: ID, $first: Int, $after: String) {
    webhooks(brandId: $brandId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...WebhookFields
        }
      }
    }
  }
`);

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on CreatedWebhook {
        secret
        webhook {
          ...WebhookFields
        }
      }
      ... on ValidationError {
        code
        message
        field
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const SetWebhookActiveMutation = graphql(`
  mutation SetWebhookActive($id: ID!, $active: Boolean!) {
    setWebhookActive(id: $id, active: $active) {
      __typename
      ... on Webhook {
        ...WebhookFields
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      __typename
      ... on DeletedWebhook {
        id
      }
      ... on NotFoundError {
        code
        message
      }
    }
  }
`);
