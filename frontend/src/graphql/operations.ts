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
