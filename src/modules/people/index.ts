export {
  findPeopleByEmailKey,
  findPeopleByUsernameKey,
  findPersonById,
  findPersonByIdInAnyBoard,
  insertPeople,
  insertPerson,
  insertStaffLocations,
  type PersonRow,
  type StaffLocationRow,
  updatePersonById,
} from './people.repository.ts';
export { peopleRoutes } from './people.routes.ts';
export {
  actorOf,
  emailKeyOf,
  NO_CREDENTIALS,
  NOT_IMPORTED,
  nameColumns,
  personName,
} from './people.service.ts';
export { studentPictureRoutes } from './pictures.routes.ts';
export { staffMfaRoutes } from './staff-mfa.routes.ts';
export { usernameBase } from './students.service.ts';
