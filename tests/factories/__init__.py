"""factory_boy factories, one module per app. Import from here in tests."""
from .accounts import UserFactory  # noqa: F401
from .bidding import BidFactory, DrawBeaconFactory, JobFactory  # noqa: F401,E402
from .capacity import AgencyCapacityFactory, won_job  # noqa: F401
from .contracts import (  # noqa: F401
    ContractFactory,
    ContractRoundFactory,
    ContractTemplateFactory,
    DeliveryFactory,
    MilestoneFactory,
    PaymentFactory,
    SignatureFactory,
    TemplateVersionFactory,
)
from .department_rating import DepartmentRatingFactory, accepted_contract, owner_step_of, rater_for  # noqa: F401
from .marketplace import (  # noqa: F401
    AgencyServiceFactory,
    FeeRuleFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)
from .providers import (  # noqa: F401
    AgencyFactory,
    CertificateFactory,
    DepartmentFactory,
    MembershipFactory,
    OwnerFactory,
    QualificationTypeFactory,
    RegionFactory,
    valid_uscc,
)
from .quote import JobInvitationFactory  # noqa: F401,E402
from .selection_methods import MethodScene, seed_giving  # noqa: F401,E402
