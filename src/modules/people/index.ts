export {
  MAX_LISTED_PASSWORDS,
  readNewStudentPasswords,
  studentsWithReadablePasswords,
} from './passwords.service.ts';
export {
  findPeople,
  findPeopleByEmailKey,
  findPeopleByIds,
  findPeopleByUsernameKey,
  findPeopleOfBoard,
  findPersonById,
  findPersonByIdInAnyBoard,
  insertPeople,
  insertPerson,
  insertStaffLocations,
  type PeopleFilter,
  type PersonRow,
  type StaffLocationRow,
  updatePersonById,
} from './people.repository.ts';
export { peopleRoutes } from './people.routes.ts';
export {
  actorOf,
  emailKeyOf,
  linksOf,
  NO_CREDENTIALS,
  NOT_IMPORTED,
  nameColumns,
  personName,
} from './people.service.ts';
export { studentPictureRoutes } from './pictures.routes.ts';
export { type PeopleQuery, peopleFilter } from './staff.service.ts';
export { staffMfaRoutes } from './staff-mfa.routes.ts';
export { usernameBase } from './students.service.ts';
